"""What every front end shares: views, choices' wording, narration and documents (no Textual)."""
