"""The local gateway: one ASGI app standing in for API Gateway (HTTP API + WebSocket API) and CloudFront."""

from local_platform.gateway.app import create_gateway

__all__ = ["create_gateway"]
