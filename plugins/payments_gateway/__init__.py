"""Online payment through gateway protocols, with local sandbox gateways."""
