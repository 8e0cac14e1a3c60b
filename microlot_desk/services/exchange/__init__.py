"""Records that travel between stations: this station's identity and the stations it trusts."""
