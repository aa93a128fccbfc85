"""The command line, above the engine (index/) and the Telegram bot (bot/): ``inspection-bot``."""
