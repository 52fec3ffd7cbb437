"""Small, model-free helpers shared by the apps."""
