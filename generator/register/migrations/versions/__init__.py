__all__ = ["0001_register", "0002_decisions_accounts", "0003_due_and_search", "0004_confirmations",
           "0005_disclosures", "0006_marker_feeds", "0007_report_counts", "0008_measure_removals"]
