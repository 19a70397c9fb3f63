"""Cases: a case file's model, read and checked against the policy it belongs to."""

__all__ = ["case"]
