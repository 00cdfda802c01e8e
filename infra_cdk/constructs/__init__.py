"""One construct per capability; `infra_cdk.stack.InterviewStack` composes them."""
