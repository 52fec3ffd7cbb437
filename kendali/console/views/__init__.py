"""The operator console's views, one module per area: reports, SOPs, notifications."""
