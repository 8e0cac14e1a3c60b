"""The Exchange screen: bundles and spreadsheets between stations."""
