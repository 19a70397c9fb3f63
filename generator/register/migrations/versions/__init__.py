__all__ = ["0001_register", "0003_due_and_search"]
