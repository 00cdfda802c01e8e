"""REST Lambda: the FastAPI app behind Mangum (HTTP API payload v2)."""

from mangum import Mangum

from interview_core.observability import logger

from .app import create_app

app = create_app()
handler = logger.inject_lambda_context(Mangum(app, lifespan="off"))
