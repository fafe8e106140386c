-- POST of a small JSON document, read into a record and written back by the server.
wrk.method = "POST"
wrk.body = '{"id":1,"name":"Merino","tags":["fast","small"]}'
wrk.headers["Content-Type"] = "application/json"
