"""SSM Parameter Store's operations, by what they do, registered on one service."""
