__all__ = ["0001_register"]
