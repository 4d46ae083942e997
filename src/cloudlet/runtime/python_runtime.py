"""The Python runtime inside an execution environment.

Follows awslambdaric's ``bootstrap.run`` step by step. After a fork from the zygote it is
served over the private channel (``FrameChannel``); started through a wrapper script
(``AWS_LAMBDA_EXEC_WRAPPER``) it is a fresh interpreter speaking the Runtime API over HTTP
(``api_client.ApiChannel``). Either way:

1. ``sys.stdout``/``sys.stderr`` write through unbuffered to the log pipe.
2. A root-logger handler formats records as
   ``[LEVEL]\\t2026-11-23T10:00:00.123Z\\t<request id>\\t<message>`` (UTC), or with
   ``AWS_LAMBDA_LOG_FORMAT=JSON`` as awslambdaric's ``JsonFormatter`` objects; the root
   level stays WARNING unless ``AWS_LAMBDA_LOG_LEVEL`` says otherwise (TRACE means DEBUG).
3. The handler is resolved (``_get_handler``): ``Runtime.MalformedHandlerName``,
   ``Runtime.BuiltInModuleConflict``, ``Runtime.ImportModuleError``,
   ``Runtime.UserCodeSyntaxError``, ``Runtime.HandlerNotFound``; any other exception at
   import is reported with its own type and a stack trace. An init error is logged after
   the ``LAMBDA_WARNING`` line, reported, and the process exits with status 1.
4. Per invocation: ``_X_AMZN_TRACE_ID`` is set, the event is parsed
   (``Runtime.UnmarshalError``), the handler called, the result marshalled
   (``Runtime.MarshalError``); an exception becomes ``{"errorMessage", "errorType",
   "requestId", "stackTrace"}`` with the runtime's own leading frames removed, and is
   logged as ``[ERROR] Type: message`` plus the traceback.

``SystemExit`` and other ``BaseException``s are not caught, as in awslambdaric: they end
the process and the manager reports ``Runtime.ExitError``.
"""

from __future__ import annotations

import importlib
import io
import json
import logging
import os
import resource
import socket
import sys
import time
import traceback
from collections.abc import Callable
from types import TracebackType
from typing import Any, NoReturn, Protocol

from cloudlet.runtime import contract, frames
from cloudlet.runtime.context import LambdaContext

_HERE = os.path.dirname(__file__)
_RUNTIME_FILES = frozenset({__file__, os.path.join(_HERE, "zygote.py"),
                            os.path.join(_HERE, "api_client.py")})


_GLOBAL_AWS_REQUEST_ID: str | None = None


class FaultException(Exception):
    """A runtime-detected error with a fixed ``errorType`` (awslambdaric FaultException)."""

    def __init__(self, exception_type: str, msg: str, trace: list[str] | None = None) -> None:
        super().__init__(msg)
        self.exception_type = exception_type
        self.msg = msg
        self.trace = trace


class LogSink:
    """Writes log events to stdout (the log pipe); one event per write.

    The manager splits the pipe on ``\\n``; the lines of one multi-line event are joined
    with ``\\r`` (awslambdaric ``StandardLogSink.log_error``), so a logged record or error
    stays one event, as with Lambda's telemetry log channel.
    """

    def log(self, msg: str, frame_type: bytes | None = None) -> None:
        if "\n" in msg[:-1]:
            body, last = msg[:-1], msg[-1]
            msg = body.replace("\n", contract.EVENT_LINE_SEPARATOR) + last
        sys.stdout.write(msg)

    def log_error(self, message_lines: list[str]) -> None:
        sys.stdout.write(contract.EVENT_LINE_SEPARATOR.join(message_lines) + "\n")


class JsonFormatter(logging.Formatter):
    """awslambdaric ``JsonFormatter``: one JSON object per record, ``None`` members dropped."""

    def __init__(self) -> None:
        super().__init__(datefmt=contract.JSON_DATE_FORMAT)

    def format(self, record: logging.LogRecord) -> str:
        record.levelno = min(50, max(0, record.levelno)) // 10 * 10
        record.levelname = logging.getLevelName(record.levelno)
        exc = record.exc_info
        result: dict[str, Any] = {
            "timestamp": self.formatTime(record, self.datefmt),
            "level": record.levelname,
            "message": record.getMessage(),
            "logger": record.name,
            "stackTrace": traceback.format_tb(exc[2]) if exc else None,
            "errorType": exc[0].__name__ if exc and exc[0] else None,
            "errorMessage": str(exc[1]) if exc else None,
            "requestId": getattr(record, "aws_request_id", None),
            "location": f"{record.pathname}:{record.funcName}:{record.lineno}" if exc else None,
        }
        tenant_id = getattr(record, "tenant_id", None)
        if tenant_id is not None:
            result["tenantId"] = tenant_id
        result.update((key, value) for key, value in record.__dict__.items()
                      if key not in contract.JSON_RESERVED_FIELDS and key not in result)
        return json.dumps({k: v for k, v in result.items() if v is not None},
                          ensure_ascii=False) + "\n"


class LambdaLoggerHandler(logging.Handler):
    def __init__(self, log_sink: LogSink) -> None:
        super().__init__()
        self.log_sink = log_sink

    def emit(self, record: logging.LogRecord) -> None:
        self.log_sink.log(self.format(record))


class LambdaLoggerFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.aws_request_id = _GLOBAL_AWS_REQUEST_ID or ""
        record.tenant_id = None
        return True


def _stream(fd: int) -> io.TextIOWrapper:
    """An unbuffered UTF-8 text stream on ``fd`` (awslambdaric wraps stdout in Unbuffered)."""
    raw = io.FileIO(fd, "w", closefd=False)
    return io.TextIOWrapper(raw, encoding="utf-8", errors="backslashreplace", write_through=True)


def json_format() -> bool:
    """``AWS_LAMBDA_LOG_FORMAT=JSON`` (read once the environment's variables are set)."""
    return os.environ.get("AWS_LAMBDA_LOG_FORMAT", "").upper() == contract.LOG_FORMAT_JSON


def setup_logging(log_sink: LogSink, json_logs: bool) -> None:
    """awslambdaric ``_setup_logging``, text or JSON format."""
    logging.Formatter.converter = time.gmtime
    root = logging.getLogger()
    handler = LambdaLoggerHandler(log_sink)
    if json_logs:
        handler.setFormatter(JsonFormatter())
    else:
        handler.setFormatter(logging.Formatter(contract.LOG_RECORD_FORMAT, contract.LOG_DATE_FORMAT))
    handler.addFilter(LambdaLoggerFilter())
    level = contract.runtime_log_level(os.environ.get("AWS_LAMBDA_LOG_LEVEL", ""))
    if level in logging.getLevelNamesMapping():
        root.setLevel(level)
    root.addHandler(handler)


def get_handler(handler: str) -> Callable[[Any, Any], Any]:
    """Resolve ``"file.function"`` / ``"dir/sub/mod.fn"`` / ``"pkg.mod.fn"`` (awslambdaric ``_get_handler``)."""
    try:
        modname, fname = handler.rsplit(".", 1)
    except ValueError as e:
        raise FaultException(
            contract.MALFORMED_HANDLER_NAME, contract.malformed_handler_message(handler, str(e))
        ) from None
    try:
        if modname.split(".")[0] in sys.builtin_module_names:
            raise FaultException(
                contract.BUILT_IN_MODULE_CONFLICT, contract.builtin_conflict_message(modname)
            )
        module = importlib.import_module(modname.replace("/", "."))
    except ImportError as e:
        raise FaultException(
            contract.IMPORT_MODULE_ERROR, contract.import_error_message(modname, str(e))
        ) from None
    except SyntaxError as e:
        raise FaultException(
            contract.USER_CODE_SYNTAX_ERROR,
            contract.syntax_error_message(modname, str(e)),
            contract.syntax_error_trace(e.filename, e.lineno, e.text),
        ) from None
    try:
        request_handler: Callable[[Any, Any], Any] = getattr(module, fname)
    except AttributeError:
        raise FaultException(
            contract.HANDLER_NOT_FOUND, contract.handler_not_found_message(fname, modname)
        ) from None
    return request_handler


def _user_frames(tb: TracebackType | None) -> list[str]:
    """The formatted stack without the runtime's own leading frames."""
    summary = traceback.extract_tb(tb)
    for i, frame in enumerate(summary):
        if frame.filename not in _RUNTIME_FILES:
            summary = traceback.StackSummary.from_list(list(summary)[i:])
            break
    return summary.format()


def _fault_result(exc: BaseException, request_id: str | None) -> dict[str, Any]:
    if isinstance(exc, FaultException):
        return contract.make_error(exc.msg, exc.exception_type, exc.trace, request_id)
    return contract.make_error(
        str(exc), type(exc).__name__, _user_frames(exc.__traceback__), request_id
    )


class Channel(Protocol):
    """How the runtime talks to the manager: the private channel or the Runtime API."""

    def ready(self, error: dict[str, Any] | None) -> None: ...
    def next_invocation(self) -> tuple[dict[str, Any], bytes]: ...
    def result(self, request_id: str, error: dict[str, Any] | None, content_type: str,
               body: bytes, maxrss_kb: int) -> None: ...
    def out_of_memory(self) -> None: ...


class FrameChannel:
    """The private channel of a forked environment (``frames``)."""

    def __init__(self, sock: socket.socket) -> None:
        self.sock = sock
        self.reader = frames.FrameReader()
        self.pending: list[tuple[int, dict[str, Any], bytes]] = []

    def _send(self, kind: int, header: dict[str, Any], body: bytes = b"") -> None:
        self.sock.sendall(frames.encode(kind, header, body))

    def ready(self, error: dict[str, Any] | None) -> None:
        self._send(frames.READY, {"error": error})

    def next_invocation(self) -> tuple[dict[str, Any], bytes]:
        while not self.pending:
            data = self.sock.recv(1 << 20)
            if not data:
                os._exit(0)  # the manager is gone
            self.pending.extend(self.reader.feed(data))
        _kind, header, body = self.pending.pop(0)
        return header, body

    def result(self, request_id: str, error: dict[str, Any] | None, content_type: str,
               body: bytes, maxrss_kb: int) -> None:
        self._send(frames.RESULT, {"error": error is not None, "content_type": content_type,
                                   "maxrss_kb": maxrss_kb}, body)

    def out_of_memory(self) -> None:
        self._send(frames.OOM, {})


class PythonRuntime:
    """Serves invocations, one at a time, until the process ends."""

    def __init__(self, channel: Channel, handler: str, oom_on_memory_error: bool) -> None:
        self.channel = channel
        self.handler_name = handler
        self.oom_on_memory_error = oom_on_memory_error
        self.execution_env = os.environ.get("AWS_EXECUTION_ENV", "")
        self.json_logs = json_format()
        self.log_sink = LogSink()

    def run(self) -> NoReturn:
        sys.stdout = _stream(1)
        sys.stderr = _stream(2)
        setup_logging(self.log_sink, self.json_logs)
        try:
            request_handler = get_handler(self.handler_name)
        except Exception as exc:
            error = _fault_result(exc, None)
            logging.warning(contract.UNHANDLED_EXCEPTION_WARNING)
            self._log_error(error)
            self.channel.ready(error)
            sys.exit(1)
        self.channel.ready(None)
        while True:
            header, body = self.channel.next_invocation()
            self._invoke(request_handler, header, body)

    def _log_error(self, error: dict[str, Any]) -> None:
        """awslambdaric ``log_error``: text lines, or one JSON object."""
        if self.json_logs:
            self.log_sink.log_error([contract.json_error_log(error, time.time(), self.execution_env)])
        else:
            self.log_sink.log_error(contract.error_log_lines(error))

    def _invoke(
        self, request_handler: Callable[[Any, Any], Any], header: dict[str, Any], body: bytes
    ) -> None:
        global _GLOBAL_AWS_REQUEST_ID
        request_id: str = header["request_id"]
        _GLOBAL_AWS_REQUEST_ID = request_id
        os.environ["_X_AMZN_TRACE_ID"] = header["trace_id"]
        error: dict[str, Any] | None = None
        content_type = "application/json"
        try:
            context = LambdaContext(
                request_id,
                _parse_json_header(header.get("client_context"), "Client Context"),
                _parse_json_header(header.get("cognito_identity"), "Cognito Identity"),
                header["deadline_ms"],
                header["invoked_arn"],
            )
            try:
                event = json.loads(body)
            except Exception as e:
                raise FaultException(
                    contract.UNMARSHAL_ERROR, contract.unmarshal_error_message(str(e))
                ) from None
            response = request_handler(event, context)
            if isinstance(response, bytes):
                result, content_type = response, "application/unknown"
            else:
                try:
                    result = contract.to_json(response, self.execution_env).encode()
                except Exception as e:
                    raise FaultException(
                        contract.MARSHAL_ERROR, contract.marshal_error_message(str(e))
                    ) from None
        except MemoryError as exc:
            if self.oom_on_memory_error:  # RLIMIT_AS stands in for the cgroup's OOM kill
                self._flush()
                self.channel.out_of_memory()
                os._exit(137)
            error = _fault_result(exc, request_id)
        except Exception as exc:
            error = _fault_result(exc, request_id)
        if error is not None:
            self._log_error(error)
            result = contract.to_json(error, self.execution_env).encode()
        self._flush()
        maxrss_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        self.channel.result(request_id, error, content_type, result, maxrss_kb)

    @staticmethod
    def _flush() -> None:
        """Everything the handler printed reaches the pipe before the result is sent."""
        for stream in (sys.stdout, sys.stderr, sys.__stdout__, sys.__stderr__):
            try:
                if stream is not None:
                    stream.flush()
            except Exception:
                pass


def rehearse() -> None:
    """Run an invocation's code paths once on throwaway values, in a spare's runtime process
    before its function is known. Every object touched (a reference count changes) sits on
    a page shared with the zygote until written; the page is copied at the first write, so
    this moves those copies (~200 page faults) out of the cold start. Nothing it creates is
    kept, and no global state changes."""
    sample = {"request_id": "0", "deadline_ms": 0, "invoked_arn": "", "trace_id": "",
              "client_context": None, "cognito_identity": None}
    for _kind, header, body in frames.FrameReader().feed(frames.encode(frames.INVOKE, sample, b"{}")):
        LambdaContext(header["request_id"], _parse_json_header(header["client_context"], ""),
                      None, header["deadline_ms"], header["invoked_arn"])
        contract.to_json(json.loads(body)).encode()
    frames.encode(frames.RESULT, {"error": False, "content_type": "application/json",
                                  "maxrss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss})
    logging.Formatter(contract.LOG_RECORD_FORMAT, contract.LOG_DATE_FORMAT)
    JsonFormatter()


def _parse_json_header(value: str | None, name: str) -> Any:
    if not value:
        return None
    try:
        return json.loads(value)
    except Exception as e:
        raise FaultException(
            contract.LAMBDA_CONTEXT_UNMARSHAL_ERROR, f"Unable to parse {name} JSON: {e}"
        ) from None
