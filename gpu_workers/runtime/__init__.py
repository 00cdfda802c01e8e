"""One runtime for every worker: long-poll SQS, heartbeat, fetch media, analyse, answer the task token."""
