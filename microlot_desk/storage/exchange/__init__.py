"""What a bundle carries out of this database and what merging one in keeps."""
