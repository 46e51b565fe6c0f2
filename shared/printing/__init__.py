"""Receipts on ESC/POS thermal printers (python-escpos), behind a small port."""
