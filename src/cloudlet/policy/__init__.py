"""IAM policy evaluation: documents, conditions, variables, the operation -> action and
resource map, and the decision AWS would make for a call (``evaluate``)."""
