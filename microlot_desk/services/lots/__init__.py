"""Recording and finding lots, what the verdict judges, and the stored verdict kept current."""
