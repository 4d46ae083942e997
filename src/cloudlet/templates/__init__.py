"""Templates cloudlet deploys from: serverless.yml (``serverless``), SAM (``sam``), packaging."""
