"""The letter desk."""
