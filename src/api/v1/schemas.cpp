#include "api/v1/schemas.hpp"

#include <boost/json/parse.hpp>

namespace agentry::api::v1 {

namespace {
constexpr std::string_view components_json = R"json({
  "Error": {
    "type": "object", "required": ["error"],
    "properties": {
      "error": {"type": "object", "required": ["code", "message", "statusCode", "requestId"], "properties": {"code": {"type": "string", "example": "not_found"}, "message": {"type": "string"}, "statusCode": {"type": "integer"}, "requestId": {"type": "string"}, "field": {"type": "string", "description": "For validation errors: the offending field."}, "currentState": {"type": "string", "description": "For a transition refused in the resource's current state (409): that state."}}}
    }
  },
  "Pagination": {
    "type": "object", "required": ["total", "limit", "offset", "hasMore"],
    "properties": {
      "total": {"type": "integer"},
      "limit": {"type": "integer"},
      "offset": {"type": "integer"},
      "hasMore": {"type": "boolean"}
    }
  },
  "Plan": {
    "type": "object", "required": ["id", "name", "priceCentsPerMonth", "monthlyCredits", "requestsPerMinute", "requestsPerHour", "rateLimitPer", "tokensPerMinute", "maxApiKeys", "maxAgents", "maxRunningAgents", "maxKnowledgeEntries", "maxKnowledgeBytes", "maxStreams", "volumeDiscountPercent", "features"],
    "properties": {
      "id": {"type": "string"},
      "name": {"type": "string"},
      "priceCentsPerMonth": {"type": "integer"},
      "monthlyCredits": {"type": "number"},
      "requestsPerMinute": {"type": "integer"},
      "requestsPerHour": {"type": ["integer", "null"]},
      "rateLimitPer": {"type": "string", "enum": ["account", "key"], "description": "account: all of an account's keys share the request limits; key: each key has its own."},
      "tokensPerMinute": {"type": "integer"},
      "maxApiKeys": {"type": ["integer", "null"]},
      "maxAgents": {"type": ["integer", "null"], "description": "Agents an account may have; null: unlimited. Past it, 403 limit_reached."},
      "maxRunningAgents": {"type": ["integer", "null"], "description": "Agents running at once; null: unlimited. Creating or starting one past it answers 403 limit_reached."},
      "maxKnowledgeEntries": {"type": ["integer", "null"], "description": "Knowledge entries in all the account's knowledge bases; null: unlimited. Ingesting past it answers 403 limit_reached."},
      "maxKnowledgeBytes": {"type": ["integer", "null"], "description": "Bytes of knowledge content in all the account's knowledge bases; null: unlimited. Ingesting past it answers 403 limit_reached."},
      "maxStreams": {"type": "integer", "minimum": 1, "description": "Live streams (SSE: run events, agent logs, streamed chat; MCP sessions) an account holds open at once on one node. Opening one more answers 403 limit_reached."},
      "volumeDiscountPercent": {"type": "integer"},
      "features": {"type": "array", "items": {"type": "string"}, "description": "webhooks: the plan may use webhooks; the others (priority_support, ...) are informational."}
    }
  },
  "Account": {
    "type": "object", "required": ["id", "name", "handle", "email", "plan", "role", "createdAt", "updatedAt"],
    "properties": {
      "id": {"type": "string", "example": "acc_01JQ8Z3K4M5N6P7Q8R9S0T1V2W"},
      "name": {"type": "string"},
      "handle": {"type": "string", "example": "acme", "description": "Unique and changeable: names the account in model names (<handle>/<agent-name>) on the OpenAI and Anthropic surfaces."},
      "email": {"type": ["string", "null"]},
      "plan": {"type": "string"},
      "role": {"type": "string", "enum": ["admin", "member"]},
      "limits": {"$ref": "#/components/schemas/Plan"},
      "usage": {"type": "object", "properties": {"agents": {"type": "integer"}, "apiKeys": {"type": "integer"}}, "required": ["agents", "apiKeys"]},
      "lowBalanceThreshold": {"type": ["number", "null"], "description": "Your own account only: credits.low is emitted when the available balance falls below this; null: never."},
      "createdAt": {"type": "string", "format": "date-time"},
      "updatedAt": {"type": "string", "format": "date-time"}
    }
  },
  "ApiKey": {
    "type": "object", "required": ["id", "name", "prefix", "scopes", "createdAt", "expiresAt", "lastUsedAt", "revokedAt", "agentId"],
    "properties": {
      "id": {"type": "string", "example": "key_01JQ8Z3K4M5N6P7Q8R9S0T1V2W"},
      "name": {"type": "string"},
      "prefix": {"type": "string", "example": "ak_live_3xQ9"},
      "scopes": {"type": "array", "items": {"type": "string"}},
      "key": {"type": "string", "description": "The secret key; present only in the response that creates it."},
      "createdAt": {"type": "string", "format": "date-time"},
      "expiresAt": {"type": ["string", "null"], "format": "date-time"},
      "lastUsedAt": {"type": ["string", "null"], "format": "date-time"},
      "revokedAt": {"type": ["string", "null"], "format": "date-time"},
      "agentId": {"type": ["string", "null"], "description": "The agent the key acts as on the surfaces that speak for one agent (a key that AgentMarket's registration made); null: none."}
    }
  },
  "AccountCreated": {
    "type": "object", "required": ["account", "apiKey"],
    "properties": {
      "account": {"$ref": "#/components/schemas/Account"},
      "apiKey": {"$ref": "#/components/schemas/ApiKey"}
    }
  },
  "PublicAgent": {
    "type": "object", "required": ["id", "name", "displayName", "description", "version", "kind", "model", "capabilities", "pricePerTask", "region", "status", "runCount", "reputationScore", "totalTasks", "createdAt"],
    "properties": {
      "id": {"type": "string", "example": "agt_01JQ8Z3K4M5N6P7Q8R9S0T1V2W"},
      "name": {"type": "string"},
      "displayName": {"type": "string"},
      "description": {"type": "string"},
      "version": {"type": "string"},
      "kind": {"type": "string", "enum": ["hosted", "remote"]},
      "model": {"type": ["string", "null"]},
      "capabilities": {"type": "array", "items": {"type": "string"}},
      "pricePerTask": {"type": "number", "description": "Credits charged per task."},
      "region": {"type": "string"},
      "status": {"type": "string", "enum": ["running", "stopped"]},
      "runCount": {"type": "integer"},
      "reputationScore": {"type": "number"},
      "totalTasks": {"type": "integer"},
      "createdAt": {"type": "string", "format": "date-time"}
    }
  },
  "Agent": {
    "allOf": [{"$ref": "#/components/schemas/PublicAgent"},
      {
        "type": "object", "required": ["systemPrompt", "soulMd", "workflowMd", "rules", "endpointUrl", "visibility", "swarm", "revision", "updatedAt", "startedAt", "stoppedAt"],
        "properties": {
          "systemPrompt": {"type": "string"},
          "soulMd": {"type": "string"},
          "workflowMd": {"type": "string"},
          "rules": {"type": "array", "items": {"type": "string"}},
          "endpointUrl": {"type": ["string", "null"]},
          "visibility": {"type": "string", "enum": ["private", "public"]},
          "swarm": {"type": ["string", "null"], "description": "The id of the swarm it belongs to, if any."},
          "revision": {"type": "integer", "description": "Also sent as the ETag. Joining or leaving a swarm moves it too."},
          "updatedAt": {"type": "string", "format": "date-time"},
          "startedAt": {"type": ["string", "null"], "format": "date-time"},
          "stoppedAt": {"type": ["string", "null"], "format": "date-time"}
        }
      }]
  },
  "ModelPrice": {
    "type": "object", "required": ["model", "inputPerMillion", "outputPerMillion", "contextTokens", "default"],
    "properties": {
      "model": {"type": "string", "example": "gpt-4o-mini"},
      "inputPerMillion": {"type": "number", "description": "Credits per million input tokens."},
      "outputPerMillion": {"type": "number", "description": "Credits per million output tokens."},
      "contextTokens": {"type": "integer"},
      "default": {"type": "boolean", "description": "The model of hosted agents created without one."}
    }
  },
  "Task": {
    "type": "object", "required": ["id", "title", "description", "budget", "requiredCapabilities", "offeredAgentId", "priority", "deadline", "status", "postedBy", "agentId", "assignedTo", "result", "fee", "payout", "review", "createdAt", "updatedAt", "assignedAt", "closedAt"],
    "properties": {
      "id": {"type": "string", "example": "tsk_01JQ8Z3K4M5N6P7Q8R9S0T1V2W"},
      "title": {"type": "string"},
      "description": {"type": "string"},
      "budget": {"type": "number", "description": "Credits, held from the poster's wallet while the task is open or assigned."},
      "requiredCapabilities": {"type": "array", "items": {"type": "string"}},
      "offeredAgentId": {"type": ["string", "null"], "description": "Set for a direct offer to one agent."},
      "priority": {"type": "string", "enum": ["low", "normal", "high", "urgent"]},
      "deadline": {"type": ["string", "null"], "format": "date-time"},
      "status": {"type": "string", "enum": ["open", "assigned", "completed", "cancelled", "expired"]},
      "postedBy": {"type": "string", "description": "The poster's account id."},
      "agentId": {"type": ["string", "null"], "description": "The agent that took the task."},
      "assignedTo": {"type": ["string", "null"], "description": "That agent's account id."},
      "result": {"description": "The JSON value delivered on completion, or null."},
      "fee": {"type": ["number", "null"], "description": "The platform's share on completion."},
      "payout": {"type": ["number", "null"], "description": "The assignee's share on completion."},
      "review": {"type": ["object", "null"], "properties": {"rating": {"type": "integer"}, "comment": {"type": "string"}, "createdAt": {"type": "string", "format": "date-time"}}, "required": ["rating", "comment", "createdAt"]},
      "createdAt": {"type": "string", "format": "date-time"},
      "updatedAt": {"type": "string", "format": "date-time"},
      "assignedAt": {"type": ["string", "null"], "format": "date-time"},
      "closedAt": {"type": ["string", "null"], "format": "date-time"}
    }
  },
  "Run": {
    "type": "object", "required": ["id", "agentId", "status", "progress", "source", "input", "contextData", "result", "error", "usage", "model", "cost", "maxCost", "attempts", "parentRunId", "depth", "createdAt", "startedAt", "finishedAt", "durationMs"],
    "properties": {
      "id": {"type": "string", "example": "run_01JQ8Z3K4M5N6P7Q8R9S0T1V2W"},
      "agentId": {"type": "string"},
      "status": {"type": "string", "enum": ["queued", "active", "cancelling", "completed", "failed", "cancelled"]},
      "progress": {"type": "integer", "minimum": 0, "maximum": 100},
      "source": {"type": "string", "enum": ["run", "execute"], "description": "How it was started: POST /v1/agents/{id}/runs (or a swarm's runs, a schedule, another run's ask_agent call: see parentRunId) or POST /v1/execute."},
      "input": {"type": "object", "additionalProperties": true, "description": "The run's input, as given."},
      "contextData": {"description": "The context given with the input, or null."},
      "result": {"description": "The agent's result once completed, or null. A hosted agent's is {\"output\": text}, with \"sources\" (KnowledgeSource items: the chunks of its knowledge the prompt held, cited as [n]) when there were any."},
      "error": {"type": ["object", "null"], "properties": {"code": {"type": "string"}, "message": {"type": "string"}}, "required": ["code", "message"]},
      "usage": {"type": "object", "properties": {"inputTokens": {"type": "integer"}, "outputTokens": {"type": "integer"}}, "required": ["inputTokens", "outputTokens"]},
      "model": {"type": ["string", "null"]},
      "cost": {"type": "number", "description": "Credits charged: 0 unless the run completed."},
      "maxCost": {"type": "number", "description": "Credits held while the run was open: its most possible cost."},
      "attempts": {"type": "integer", "description": "How many times a worker took the run (more than 1 after a worker stopped)."},
      "parentRunId": {"type": ["string", "null"], "description": "The run whose agent asked this one's through the ask_agent tool (a member of its swarm), or null."},
      "depth": {"type": "integer", "minimum": 0, "description": "0 for a run a caller started; its parent's depth + 1 for a delegated one."},
      "createdAt": {"type": "string", "format": "date-time"},
      "startedAt": {"type": ["string", "null"], "format": "date-time"},
      "finishedAt": {"type": ["string", "null"], "format": "date-time"},
      "durationMs": {"type": ["integer", "null"], "description": "From start to finish."}
    }
  },
  "Session": {
    "type": "object", "required": ["id", "agentId", "endUserId", "title", "messageCount", "createdAt", "updatedAt"],
    "properties": {
      "id": {"type": "string", "example": "ses_01JQ8Z3K4M5N6P7Q8R9S0T1V2W"},
      "agentId": {"type": "string"},
      "endUserId": {"type": ["string", "null"]},
      "title": {"type": "string", "description": "Given when the session was opened, else the start of its first message."},
      "messageCount": {"type": "integer"},
      "createdAt": {"type": "string", "format": "date-time"},
      "updatedAt": {"type": "string", "format": "date-time"}
    }
  },
  "ChatMessage": {
    "type": "object", "required": ["id", "sessionId", "role", "content", "usage", "cost", "sources", "createdAt"],
    "properties": {
      "id": {"type": "string", "example": "msg_01JQ8Z3K4M5N6P7Q8R9S0T1V2W"},
      "sessionId": {"type": "string"},
      "role": {"type": "string", "enum": ["user", "assistant"]},
      "content": {"type": "string"},
      "usage": {"type": "object", "properties": {"inputTokens": {"type": "integer"}, "outputTokens": {"type": "integer"}}, "required": ["inputTokens", "outputTokens"]},
      "cost": {"type": "number", "description": "Credits charged for the reply (assistant messages)."},
      "sources": {"type": "array", "items": {"$ref": "#/components/schemas/KnowledgeSource"}, "description": "An assistant message: the chunks of the agent's knowledge its prompt held, which the reply may cite as [n]; empty otherwise."},
      "createdAt": {"type": "string", "format": "date-time"}
    }
  },
  "CreditBalance": {
    "type": "object", "required": ["available", "held", "used", "lowBalanceThreshold"],
    "properties": {
      "available": {"type": "number", "description": "Credits that can be spent or held now."},
      "held": {"type": "number", "description": "Credits in escrow for open tasks and running work."},
      "used": {"type": "number", "description": "Credits captured from your holds so far."},
      "lowBalanceThreshold": {"type": ["number", "null"], "description": "A credits.low event is emitted when the available balance falls below this (PATCH /v1/account); null: never."}
    }
  },
  "Event": {
    "type": "object", "required": ["id", "type", "createdAt", "data"],
    "description": "A state change. data.object is the object as the API shows it: an Agent (agent.*), a Run (run.*), a Task (task.*), a ChatMessage (chat.turn.completed, the reply), a CreditEntry (credits.granted), a CreditBalance (credits.low), an ApiKey (api_key.*), a Schedule with the firing it just made (schedule.fired) or a Webhook (webhook.disabled).",
    "properties": {
      "id": {"type": "string", "example": "evt_01JQ8Z3K4M5N6P7Q8R9S0T1V2W", "description": "Unique; a webhook delivery's webhook-id."},
      "type": {"type": "string", "enum": ["agent.created", "agent.updated", "agent.deleted", "agent.started", "agent.stopped", "run.queued", "run.started", "run.completed", "run.failed", "run.cancelled", "task.posted", "task.accepted", "task.completed", "task.cancelled", "task.expired", "task.reviewed", "chat.turn.completed", "credits.granted", "credits.low", "api_key.created", "api_key.revoked", "schedule.fired", "webhook.disabled"]},
      "createdAt": {"type": "string", "format": "date-time"},
      "data": {"type": "object", "required": ["object"], "properties": {"object": {"anyOf": [
        {"$ref": "#/components/schemas/Agent"}, {"$ref": "#/components/schemas/Run"},
        {"$ref": "#/components/schemas/Task"}, {"$ref": "#/components/schemas/ChatMessage"},
        {"$ref": "#/components/schemas/CreditEntry"}, {"$ref": "#/components/schemas/CreditBalance"},
        {"$ref": "#/components/schemas/ApiKey"}, {"$ref": "#/components/schemas/Webhook"},
        {"$ref": "#/components/schemas/Schedule"}]}}}
    }
  },
  "Activity": {
    "type": "object", "required": ["id", "actor", "keyId", "keyName", "action", "targetId", "amount", "clientAddress", "requestId", "createdAt"],
    "properties": {
      "id": {"type": "string", "example": "act_01JQ8Z3K4M5N6P7Q8R9S0T1V2W"},
      "actor": {"type": "string", "enum": ["key", "admin", "system"], "description": "key: an API key of the account (keyId); admin: an admin key; system: no request (a worker, a schedule, the housekeeping pass)."},
      "keyId": {"type": ["string", "null"]},
      "keyName": {"type": ["string", "null"], "description": "The key's name now."},
      "action": {"type": "string", "example": "createAgent", "description": "The API operation (its operationId), or credits.<kind> for a money movement (credits.run_hold, credits.task_payout ...)."},
      "targetId": {"type": ["string", "null"], "description": "What it was done to: the path's id, the created resource, or the transfer of a money movement."},
      "amount": {"type": ["number", "null"], "description": "A money movement: credits into (+) or out of (-) your wallet."},
      "clientAddress": {"type": ["string", "null"]},
      "requestId": {"type": ["string", "null"], "description": "The X-Request-Id of the request."},
      "createdAt": {"type": "string", "format": "date-time"}
    }
  },
  "Schedule": {
    "type": "object", "required": ["id", "name", "cron", "timeZone", "target", "maxCredits", "overlap", "status", "nextFireTimes", "lastFiredAt", "recentFirings", "createdAt", "updatedAt"],
    "properties": {
      "id": {"type": "string", "example": "sch_01JQ8Z3K4M5N6P7Q8R9S0T1V2W"},
      "name": {"type": "string"},
      "cron": {"type": "string", "example": "30 9 * * MON-FRI"},
      "timeZone": {"type": "string", "example": "Europe/Berlin"},
      "target": {"type": "object", "required": ["type", "agentId"], "description": "run: input; chat: sessionId and message.", "properties": {
        "type": {"type": "string", "enum": ["run", "chat"]},
        "agentId": {"type": "string"},
        "input": {"type": "object"},
        "sessionId": {"type": ["string", "null"]},
        "message": {"type": "string"}}},
      "maxCredits": {"type": ["number", "null"]},
      "overlap": {"type": "string", "enum": ["skip", "queue"]},
      "status": {"type": "string", "enum": ["active", "paused"]},
      "nextFireTimes": {"type": "array", "maxItems": 5, "items": {"type": "string", "format": "date-time"}, "description": "The next five times it fires; empty while paused."},
      "lastFiredAt": {"type": ["string", "null"], "format": "date-time"},
      "recentFirings": {"type": "array", "items": {"$ref": "#/components/schemas/ScheduleFiring"}, "description": "The latest ten firings, newest first."},
      "createdAt": {"type": "string", "format": "date-time"},
      "updatedAt": {"type": "string", "format": "date-time"}
    }
  },
  "ScheduleFiring": {
    "type": "object", "required": ["id", "dueAt", "firedAt", "manual", "outcome", "runId", "sessionId", "messageId", "error"],
    "properties": {
      "id": {"type": "string", "example": "sfr_01JQ8Z3K4M5N6P7Q8R9S0T1V2W"},
      "dueAt": {"type": ["string", "null"], "format": "date-time", "description": "The time it was due; null when fired by hand."},
      "firedAt": {"type": "string", "format": "date-time"},
      "manual": {"type": "boolean"},
      "outcome": {"type": "string", "enum": ["started", "skipped", "failed"], "description": "started: runId's run was queued, or the chat message was sent (messageId: the reply, once it has come); skipped: the last firing's run or message had not ended (overlap skip); failed: the run or the message was refused or not answered (error says why)."},
      "runId": {"type": ["string", "null"]},
      "sessionId": {"type": ["string", "null"], "description": "chat: the session of the message."},
      "messageId": {"type": ["string", "null"], "description": "chat: the agent's reply."},
      "error": {"type": ["string", "null"]}
    }
  },
  "SchedulePreview": {
    "type": "object", "required": ["cron", "timeZone", "fireTimes"],
    "properties": {
      "cron": {"type": "string"},
      "timeZone": {"type": "string"},
      "fireTimes": {"type": "array", "items": {"type": "string", "format": "date-time"}}
    }
  },
  "Webhook": {
    "type": "object", "required": ["id", "url", "eventTypes", "agentId", "description", "status", "disabledReason", "failingSince", "previousSecretExpiresAt", "createdAt", "updatedAt"],
    "properties": {
      "id": {"type": "string", "example": "whk_01JQ8Z3K4M5N6P7Q8R9S0T1V2W"},
      "url": {"type": "string"},
      "eventTypes": {"type": "array", "items": {"type": "string"}},
      "agentId": {"type": ["string", "null"]},
      "description": {"type": "string"},
      "status": {"type": "string", "enum": ["enabled", "disabled"]},
      "disabledReason": {"type": ["string", "null"], "description": "Why it is disabled: its owner, a 410 Gone, or 5 days of failures."},
      "failingSince": {"type": ["string", "null"], "format": "date-time", "description": "The first failed delivery since the last success; after 5 days of failures the endpoint is disabled."},
      "previousSecretExpiresAt": {"type": ["string", "null"], "format": "date-time", "description": "After a rotation: until then the old secret signs beside the new one."},
      "secret": {"type": "string", "example": "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "description": "The signing secret (Standard Webhooks); only in the answers of create and rotate-secret."},
      "createdAt": {"type": "string", "format": "date-time"},
      "updatedAt": {"type": "string", "format": "date-time"}
    }
  },
  "WebhookDelivery": {
    "type": "object", "required": ["id", "webhookId", "eventId", "eventType", "status", "attemptCount", "nextAttemptAt", "lastError", "attempts", "createdAt"],
    "properties": {
      "id": {"type": "string", "example": "dlv_01JQ8Z3K4M5N6P7Q8R9S0T1V2W"},
      "webhookId": {"type": ["string", "null"]},
      "eventId": {"type": "string", "description": "The event sent; the webhook-id header, the receiver's dedupe key."},
      "eventType": {"type": "string"},
      "status": {"type": "string", "enum": ["pending", "succeeded", "failed"]},
      "attemptCount": {"type": "integer"},
      "nextAttemptAt": {"type": ["string", "null"], "format": "date-time", "description": "When a pending delivery is tried next."},
      "lastError": {"type": ["string", "null"]},
      "attempts": {"type": "array", "items": {"type": "object", "required": ["number", "statusCode", "latencyMs", "error", "at"], "properties": {
        "number": {"type": "integer"},
        "statusCode": {"type": ["integer", "null"], "description": "What the endpoint answered; null when it did not (error says why)."},
        "latencyMs": {"type": "integer"},
        "error": {"type": ["string", "null"]},
        "at": {"type": "string", "format": "date-time"}}}},
      "createdAt": {"type": "string", "format": "date-time"}
    }
  },
  "CreditEntry": {
    "type": "object", "required": ["id", "amount", "kind", "counterparty", "taskId", "runId", "agentId", "memo", "createdAt"],
    "properties": {
      "id": {"type": "string", "example": "txf_01JQ8Z3K4M5N6P7Q8R9S0T1V2W"},
      "amount": {"type": "number", "description": "Positive when credits came in, negative when they went out."},
      "kind": {"type": "string", "enum": ["signup_bonus", "plan_credits", "grant", "deduct", "task_hold", "task_payout", "task_refund", "run_hold", "run_release", "run_payout", "chat_hold", "chat_release", "chat_payout"]},
      "counterparty": {"type": ["string", "null"], "description": "Another account's id, \"platform\", or \"escrow\" (a hold of your own)."},
      "taskId": {"type": ["string", "null"]},
      "runId": {"type": ["string", "null"]},
      "agentId": {"type": ["string", "null"]},
      "memo": {"type": ["string", "null"]},
      "createdAt": {"type": "string", "format": "date-time"}
    }
  },
  "UsageAmounts": {
    "type": "object", "required": ["requests", "inputTokens", "outputTokens", "creditsSpent", "creditsEarned"],
    "properties": {
      "requests": {"type": "integer", "description": "Authenticated API requests."},
      "inputTokens": {"type": "integer", "description": "Input tokens of runs and chat turns."},
      "outputTokens": {"type": "integer"},
      "creditsSpent": {"type": "number", "description": "Credits paid out of the wallet: to agents' owners and the platform."},
      "creditsEarned": {"type": "number", "description": "Credits paid into the wallet by others: agent prices, task payouts."}
    }
  },
  "UsageDay": {
    "type": "object", "required": ["date", "requests", "inputTokens", "outputTokens", "creditsSpent", "creditsEarned"],
    "properties": {
      "date": {"type": "string", "format": "date"},
      "requests": {"type": "integer"}, "inputTokens": {"type": "integer"}, "outputTokens": {"type": "integer"},
      "creditsSpent": {"type": "number"}, "creditsEarned": {"type": "number"}
    }
  },
  "Usage": {
    "type": "object", "required": ["from", "to", "groupBy", "total", "days", "groups"],
    "properties": {
      "from": {"type": "string", "format": "date"},
      "to": {"type": "string", "format": "date"},
      "groupBy": {"type": ["string", "null"], "enum": ["model", "agent", "key", null]},
      "total": {"$ref": "#/components/schemas/UsageAmounts"},
      "days": {"type": "array", "items": {"$ref": "#/components/schemas/UsageDay"}, "description": "Days with any usage, in order."},
      "groups": {"type": ["array", "null"], "description": "With groupBy: one per model, agent or key, by id.", "items": {"type": "object", "required": ["id", "name", "total", "days"], "properties": {
        "id": {"type": ["string", "null"], "description": "The model, agent id or key id; null for usage that came through none (requests have no model or agent, scheduled runs no key)."},
        "name": {"type": ["string", "null"], "description": "The agent's or key's name while it exists."},
        "total": {"$ref": "#/components/schemas/UsageAmounts"},
        "days": {"type": "array", "items": {"$ref": "#/components/schemas/UsageDay"}}}}}
    }
  },
  "AgentFigures": {
    "type": "object", "required": ["runs", "successRate", "durationMs", "inputTokens", "outputTokens", "cost", "chatTurns", "tasksCompleted", "rating"],
    "properties": {
      "runs": {"type": "object", "required": ["created", "completed", "failed", "cancelled"], "properties": {
        "created": {"type": "integer"}, "completed": {"type": "integer"}, "failed": {"type": "integer"}, "cancelled": {"type": "integer"}}},
      "successRate": {"type": ["number", "null"], "description": "completed / (completed + failed), to four decimals; null when no run ended so."},
      "durationMs": {"type": "object", "required": ["p50", "p95"], "description": "Start-to-end time of the runs that completed or failed, within about 3%.", "properties": {
        "p50": {"type": ["integer", "null"]}, "p95": {"type": ["integer", "null"]}}},
      "inputTokens": {"type": "integer"},
      "outputTokens": {"type": "integer"},
      "cost": {"type": "number", "description": "Credits its runs and chat turns were charged."},
      "chatTurns": {"type": "integer"},
      "tasksCompleted": {"type": "integer"},
      "rating": {"type": "object", "required": ["average", "count"], "properties": {
        "average": {"type": ["number", "null"]}, "count": {"type": "integer"}}}
    }
  },
  "Skill": {
    "type": "object", "required": ["id", "name", "description", "visibility", "builtIn", "version", "tags", "installs", "createdAt", "updatedAt"],
    "properties": {
      "id": {"type": "string"},
      "name": {"type": "string", "description": "From the SKILL.md front matter: 1-64 of a-z, 0-9 and -."},
      "description": {"type": "string"},
      "visibility": {"type": "string", "enum": ["private", "public"]},
      "builtIn": {"type": "boolean", "description": "Shipped with the server rather than uploaded by an account."},
      "version": {"type": "integer", "description": "The current version: 1, then one more for each update."},
      "tags": {"type": "array", "items": {"type": "string"}},
      "installs": {"type": "integer", "description": "Agents it was installed on."},
      "createdAt": {"type": "string", "format": "date-time"},
      "updatedAt": {"type": "string", "format": "date-time"}
    }
  },
  "SkillDetail": {"allOf": [{"$ref": "#/components/schemas/Skill"},
    {"type": "object", "required": ["content"], "properties": {"content": {"type": "string", "description": "The current version's whole SKILL.md."}}}]},
  "SkillVersion": {
    "type": "object", "required": ["skillId", "version", "content", "createdAt"],
    "properties": {"skillId": {"type": "string"}, "version": {"type": "integer"}, "content": {"type": "string"}, "createdAt": {"type": "string", "format": "date-time"}}
  },
  "InstalledSkill": {
    "type": "object", "required": ["skill", "version", "pinnedVersion", "installedAt"],
    "properties": {
      "skill": {"$ref": "#/components/schemas/Skill"},
      "version": {"type": "integer", "description": "The version in effect on the agent."},
      "pinnedVersion": {"type": ["integer", "null"], "description": "null: the agent follows the current version."},
      "installedAt": {"type": "string", "format": "date-time"}
    }
  },
  "KnowledgeEntry": {
    "type": "object", "required": ["id", "agentId", "swarmId", "title", "source", "metadata", "bytes", "chunkCount", "createdAt"],
    "properties": {
      "id": {"type": "string", "example": "kn_01JQ8Z3K4M5N6P7Q8R9S0T1V2W"},
      "agentId": {"type": ["string", "null"], "description": "The agent whose knowledge base holds it; null in a swarm's."},
      "swarmId": {"type": ["string", "null"], "description": "The swarm whose knowledge base holds it; null in an agent's."},
      "title": {"type": ["string", "null"]},
      "source": {"type": ["string", "null"]},
      "metadata": {"type": "object"},
      "bytes": {"type": "integer", "description": "The content's size in bytes."},
      "chunkCount": {"type": "integer", "description": "How many chunks it was split into."},
      "createdAt": {"type": "string", "format": "date-time"}
    }
  },
  "KnowledgeEntryDetail": {"allOf": [{"$ref": "#/components/schemas/KnowledgeEntry"},
    {"type": "object", "required": ["content", "chunks"], "properties": {
      "content": {"type": "string"},
      "chunks": {"type": "array", "items": {"type": "object", "required": ["index", "heading", "text"], "properties": {
        "index": {"type": "integer", "description": "Its place in the entry, from 0."},
        "heading": {"type": "string", "description": "The headings above it, joined by \" › \"; empty before the first."},
        "text": {"type": "string"}}}}}}]},
  "Secret": {
    "type": "object", "required": ["name", "createdAt", "updatedAt"],
    "description": "A stored credential: its name and times, never its value.",
    "properties": {
      "name": {"type": "string"},
      "createdAt": {"type": "string", "format": "date-time"},
      "updatedAt": {"type": "string", "format": "date-time"}
    }
  },
  "Swarm": {
    "type": "object", "required": ["id", "name", "description", "members", "coordinatorId", "createdAt", "updatedAt"],
    "properties": {
      "id": {"type": "string", "example": "swm_01JQ8Z3K4M5N6P7Q8R9S0T1V2W"},
      "name": {"type": "string"},
      "description": {"type": "string"},
      "members": {"type": "array", "items": {"type": "string"}, "description": "The ids of its agents."},
      "coordinatorId": {"type": ["string", "null"], "description": "The member the swarm's runs go to, if set."},
      "createdAt": {"type": "string", "format": "date-time"},
      "updatedAt": {"type": "string", "format": "date-time"}
    }
  },
  "KnowledgeSource": {
    "type": "object", "required": ["n", "entryId", "title", "chunk", "heading"],
    "properties": {
      "n": {"type": "integer", "description": "Its number in the prompt: the reply cites it as [n]."},
      "entryId": {"type": "string"},
      "title": {"type": ["string", "null"]},
      "chunk": {"type": "integer", "description": "The chunk's index in its entry."},
      "heading": {"type": "string"}
    }
  },
  "KnowledgeHit": {
    "type": "object", "required": ["score", "entryId", "title", "source", "chunk", "heading", "text", "snippet", "metadata"],
    "properties": {
      "score": {"type": "number", "description": "Its BM25 score for the query: higher is better; comparable only within one answer."},
      "entryId": {"type": "string"},
      "title": {"type": ["string", "null"]},
      "source": {"type": ["string", "null"]},
      "chunk": {"type": "integer", "description": "The chunk's index in its entry."},
      "heading": {"type": "string"},
      "text": {"type": "string", "description": "The chunk's whole text."},
      "snippet": {"type": "string", "description": "About 32 words of the chunk around the most matches, HTML-escaped, each matched word inside <mark> and </mark>; … where it is cut."},
      "metadata": {"type": "object", "description": "The entry's metadata."}
    }
  },
  "AgentFiguresOfAgent": {"allOf": [
    {"type": "object", "required": ["agentId", "name"], "properties": {
      "agentId": {"type": "string"}, "name": {"type": ["string", "null"], "description": "null once the agent is deleted."}}},
    {"$ref": "#/components/schemas/AgentFigures"}]},
  "AgentMetrics": {"allOf": [
    {"type": "object", "required": ["agentId", "name", "window", "from", "to"], "properties": {
      "agentId": {"type": "string"}, "name": {"type": "string"},
      "window": {"type": "string", "enum": ["1h", "24h", "7d", "30d"]},
      "from": {"type": "string", "format": "date-time", "description": "The start of the window's first bucket."},
      "to": {"type": "string", "format": "date-time"}}},
    {"$ref": "#/components/schemas/AgentFigures"}]},
  "Metrics": {
    "type": "object", "required": ["window", "from", "to", "total", "agents"],
    "properties": {
      "window": {"type": "string", "enum": ["1h", "24h", "7d", "30d"]},
      "from": {"type": "string", "format": "date-time", "description": "The start of the window's first bucket."},
      "to": {"type": "string", "format": "date-time"},
      "total": {"$ref": "#/components/schemas/AgentFigures"},
      "agents": {"type": "array", "description": "Agents with any figure in the window, by id.", "items": {"$ref": "#/components/schemas/AgentFiguresOfAgent"}}
    }
  },
  "LedgerCheck": {
    "type": "object", "required": ["ok", "violations", "integrity"],
    "properties": {
      "ok": {"type": "boolean"},
      "violations": {"type": "array", "items": {"type": "string"}},
      "integrity": {"type": "string", "description": "SQLite's PRAGMA integrity_check (\"ok\"), or \"not applicable\"."}
    }
  },
  "AgentStatus": {
    "type": "object", "required": ["id", "status", "startedAt", "stoppedAt", "runCount"],
    "properties": {
      "id": {"type": "string"},
      "status": {"type": "string", "enum": ["running", "stopped"]},
      "startedAt": {"type": ["string", "null"], "format": "date-time"},
      "stoppedAt": {"type": ["string", "null"], "format": "date-time"},
      "runCount": {"type": "integer"}
    }
  },
  "Health": {
    "type": "object", "required": ["status", "version"],
    "properties": {
      "status": {"type": "string"},
      "version": {"type": "string"},
      "database": {"type": "string"}
    }
  }
})json";
}  // namespace

boost::json::object component_schemas() {
  static const boost::json::object parsed = boost::json::parse(components_json).as_object();
  return parsed;
}

std::string data_of(std::string_view name) {
  return R"({"type":"object","required":["data"],"properties":{"data":{"$ref":"#/components/schemas/)" +
         std::string(name) + R"("}}})";
}

std::string list_of(std::string_view name) {
  return R"({"type":"object","required":["data","pagination"],"properties":{"data":{"type":"array","items":{"$ref":"#/components/schemas/)" +
         std::string(name) + R"("}},"pagination":{"$ref":"#/components/schemas/Pagination"}}})";
}

}  // namespace agentry::api::v1
