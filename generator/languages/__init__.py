"""The generator's own words in each language: its gettext catalogues, the interface words
every output prints, and Welsh forms of the model's values."""

__all__ = ["catalogues", "interface", "welsh_words"]
