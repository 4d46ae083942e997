"""What the Lambda service tells the runtime about a function, and what an invoke returns."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class FunctionSpec:
    """One function version's configuration, as far as running its code needs it.

    ``revision`` changes on every code or configuration change: environments created for
    another revision are never reused (Lambda likewise starts fresh environments after
    ``UpdateFunctionCode``/``UpdateFunctionConfiguration``).
    """

    account: str
    region: str
    name: str
    arn: str
    version: str
    runtime: str
    handler: str
    code_dir: Path
    memory_mb: int
    timeout_s: float
    environment: dict[str, str]
    reserved_concurrency: int | None
    revision: str
    role: str = ""
    layer_dirs: tuple[Path, ...] = ()
    log_group: str = ""
    # LoggingConfig: "Text" or "JSON"; the levels only with JSON ("" when not set)
    log_format: str = "Text"
    application_log_level: str = ""
    system_log_level: str = ""
    ephemeral_mb: int = 512  # EphemeralStorage: the size of /tmp

    @property
    def json_logs(self) -> bool:
        return self.log_format.upper() == "JSON"

    @property
    def exec_wrapper(self) -> str | None:
        """``AWS_LAMBDA_EXEC_WRAPPER``, which managed Python and Node.js runtimes honour."""
        return self.environment.get("AWS_LAMBDA_EXEC_WRAPPER") or None

    @property
    def log_group_name(self) -> str:
        """``/aws/lambda/NAME`` unless the service gave one."""
        return self.log_group or f"/aws/lambda/{self.name}"

    @property
    def invoked_arn(self) -> str:
        """The ARN handed to the handler: qualified unless ``$LATEST``.

        Lambda passes the ARN the caller used; the service only knows it, so we give
        the unqualified ARN for ``$LATEST`` and ``arn:...:NAME:VERSION`` otherwise.
        """
        if self.version == "$LATEST":
            return self.arn
        return f"{self.arn}:{self.version}"


@dataclass
class InvokeResult:
    """The outcome of one invocation, as the Invoke API reports it.

    ``payload`` is the response, or on error the JSON error body
    (``errorMessage``, ``errorType``, ``requestId``, ``stackTrace``);
    ``function_error`` is what ``X-Amz-Function-Error`` carries (``"Unhandled"``).
    """

    payload: bytes
    function_error: str | None
    log: str
    init_duration_ms: float | None
    duration_ms: float
