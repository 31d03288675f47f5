"""What problems are called and say when the error carries no words of its own."""

from __future__ import annotations

from collections.abc import Mapping

from service.workflow.words.base import Words

_w = Words

PROBLEMS: Mapping[str, Words] = {
    "unauthenticated": _w("未认证", "Not authenticated"),
    "state-conflict": _w("状态冲突", "State conflict"),
    "token-revoked": _w("令牌已吊销", "Token revoked"),
    "token-expired": _w("令牌已过期", "Token expired"),
    "forbidden": _w("没有权限", "Forbidden"),
    "not-found": _w("未找到", "Not found"),
    "unknown-trigger": _w("没有这个事项", "Unknown trigger"),
    "invalid-input": _w("填写的内容有误", "Invalid input"),
    "transition-not-allowed": _w("当前阶段不能办理此事项", "Transition not allowed"),
    "rules-not-met": _w("不符合发展党员工作规定", "Rules not met"),
    "version-conflict": _w("记录已被他人更新", "Version conflict"),
    "idempotency-in-flight": _w("同一请求仍在处理中", "Request still in flight"),
    "idempotency-key-reused": _w("幂等键已用于另一请求", "Idempotency key reused"),
    "too-many-requests": _w("请求过于频繁", "Too many requests"),
    "payload-too-large": _w("提交的内容过大", "Payload too large"),
    "bad-request": _w("请求无法解析", "Bad request"),
    "method-not-allowed": _w("不支持此请求方法", "Method not allowed"),
    "not-ready": _w("服务尚未就绪", "Not ready"),
    "service-unavailable": _w("服务暂时不可用", "Service unavailable"),
    "internal-error": _w("系统内部错误", "Internal error"),
}
# A problem's detail when the error carries none in the language asked for.
PROBLEM_DETAILS: Mapping[str, Words] = {
    "unauthenticated": _w("请求须带有效的访问令牌", "Send Authorization: Bearer <token>."),
    "token-revoked": _w("访问令牌已吊销或已轮换，请重新获取", "The token was revoked."),
    "token-expired": _w("访问令牌已过期，请重新获取", "The token has expired."),
    "forbidden": _w("您的账号没有进行此操作的权限", "You may not do this."),
    "not-found": _w("没有找到所请求的记录或地址", "Nothing is found here."),
    "unknown-trigger": _w("工作流程中没有这个事项", "The workflow has no such act."),
    "invalid-input": _w(
        "填写的内容有误，请按各项错误说明修改",
        "The request does not match the schema; see `errors`.",
    ),
    "version-conflict": _w("该记录已被他人更新，请刷新后重试", "The record has changed since."),
    "state-conflict": _w("此操作会使系统处于不允许的状态", "This would leave a state not allowed."),
    "idempotency-in-flight": _w(
        "使用同一幂等键的请求仍在处理中，请稍后重试", "A request with this key is in flight."
    ),
    "idempotency-key-reused": _w(
        "此幂等键已用于另一请求", "This Idempotency-Key was used for a different request."
    ),
    "too-many-requests": _w("认证失败次数过多，请稍后再试", "Too many failed attempts."),
    "payload-too-large": _w("提交的内容过大", "The request body is too large."),
    "bad-request": _w("请求内容无法解析", "The request body cannot be parsed."),
    "method-not-allowed": _w("此地址不支持该请求方法", "Method not allowed."),
    "not-ready": _w("数据库不可用或尚未升级到最新版本", "The database is not ready."),
    "service-unavailable": _w("数据库暂时不可用，请稍后重试", "The database is unavailable."),
    "internal-error": _w(
        "系统发生意外错误，请将请求编号报告给管理员",
        "An unexpected error occurred; please report the request id.",
    ),
}
INVALID_VALUE = _w("取值无效", "is invalid")
INVALID_DATA = _w("填写的内容不符合要求，详见各项说明", "The request names something impossible.")
UNEXPLAINED = _w("请求未能完成", "The request could not be completed.")
