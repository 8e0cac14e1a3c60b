"""The open database and the services over it, its upkeep, and session printing built on it."""
