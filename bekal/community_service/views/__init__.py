"""Community-service pages, one module per sub-domain: permission, lookup, form, one service call, message,
redirect."""
