-- wrk script: POST /top_actor_actress/ with {"role": "actor"}.
wrk.method = "POST"
wrk.body = '{"role": "actor"}'
wrk.headers["Content-Type"] = "application/json"
