"""The Lots screen: the lot list, its filters, the lot editor and its fields, the new-lot dialog."""
