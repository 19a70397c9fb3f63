__all__ = ["0001_register", "0002_decisions_accounts", "0003_due_and_search", "0007_report_counts"]
