"""briefgen: policy briefs in Markdown become DOCX and PDF files."""
