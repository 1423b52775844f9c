"""Use-case handlers, one module per aggregate; importing this package registers them all."""

from gtt_domain.application.use_cases import institution  # noqa: F401
