"""The Settings screen: the station's conventions, the verdict's thresholds, the custody stages."""
