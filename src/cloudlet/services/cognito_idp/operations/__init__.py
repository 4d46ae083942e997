"""Cognito user pools' operations, by what they act on, registered on one service."""
