"""Citations, cross-references and the table of authorities, resolved once before the writers."""
