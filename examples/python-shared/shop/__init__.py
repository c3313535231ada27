"""Shop: orders, invoices and their previews."""
