"""The app's screens: each module holds one screen or dialog and is imported when first shown."""
