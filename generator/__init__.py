"""The policy generator: one structured policy source to sites, letters and exports."""
