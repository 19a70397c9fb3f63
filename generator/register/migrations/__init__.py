__all__ = ["env", "versions"]
