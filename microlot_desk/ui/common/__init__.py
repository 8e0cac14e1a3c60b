"""What the screens share: workers, guards, error dialogs, row models, texts, fonts, formats."""
