#!/usr/bin/env python3
"""bench/genopenapi.py RESOURCES OUT.json OUT.yaml

Writes one OpenAPI 3.0 description of RESOURCES resources, as JSON and
as the same document in YAML, for bench/run --import (doc/performance.md).

Each resource is shaped like those of a large real API: a component
schema built with allOf from a shared base and its own 45 properties
($ref'd enums and nested objects, formats, nullable fields, long
descriptions), and four GET operations, one of each kind the importer
maps: a list (an array of $ref), a keyed item (/things/{id}), a wrapped
list ({"data": [...], "meta": {...}} with cursor paging) and a search
(limit/offset, filter parameters from components/parameters), plus a POST
(left out with a NOTICE).  250 resources give 1,000 GET operations and
about 10 MB of JSON.  The output depends only on RESOURCES.
"""
import json
import random
import re
import sys

TYPES = [
    ({"type": "integer", "format": "int64"}, "int"),
    ({"type": "integer"}, "int"),
    ({"type": "number", "format": "double"}, "num"),
    ({"type": "number"}, "num"),
    ({"type": "string"}, "str"),
    ({"type": "string", "format": "date-time"}, "time"),
    ({"type": "string", "format": "date"}, "time"),
    ({"type": "string", "format": "uuid"}, "str"),
    ({"type": "boolean"}, "bool"),
    ({"type": "array", "items": {"type": "string"}}, "arr"),
    ({"$ref": "#/components/schemas/Address"}, "obj"),
    ({"$ref": "#/components/schemas/Status"}, "str"),
]
WORDS = ("account billing customer device event invoice ledger metric order "
         "payment product region report session shipment ticket user vendor "
         "warehouse widget").split()
LOREM = ("The value as the service records it; clients should not assume an "
         "order or a stable format beyond what the type says, and should "
         "ignore fields they do not know. ")


def describe(rng, n):
    return (LOREM * 8)[: 120 * n + rng.randrange(170 * n)]


def resource(rng, i, doc):
    word = WORDS[i % len(WORDS)]
    name = "%s%d" % (word.capitalize(), i)
    path = "/v1/%ss%d" % (word, i)
    props = {}
    for j in range(45):
        t, kind = TYPES[(i + j * 7) % len(TYPES)]
        p = dict(t)
        if "$ref" not in p:
            p["description"] = describe(rng, 3)
            p["example"] = {"int": 42, "num": 4.2, "str": "abc", "time": "2024-01-02",
                            "bool": True, "arr": ["a"], "obj": None}[kind]
            if j % 5 == 0:
                p["nullable"] = True
        props["%sField%d" % (word, j)] = p
    doc["components"]["schemas"][name] = {
        "description": describe(rng, 4),
        "allOf": [{"$ref": "#/components/schemas/Base"},
                  {"type": "object", "required": ["%sField0" % word],
                   "properties": props}]}
    ref = {"$ref": "#/components/schemas/%s" % name}
    ok = lambda schema: {"200": {"description": "OK", "content": {
        "application/json": {"schema": schema}}},
        "default": {"$ref": "#/components/responses/Error"}}
    filters = [{"name": "%sField%d" % (word, j), "in": "query",
                "description": describe(rng, 1), "schema": dict(TYPES[(i + j * 7) % len(TYPES)][0])}
               for j in range(1, 45, 4) if "$ref" not in TYPES[(i + j * 7) % len(TYPES)][0]]
    doc["paths"][path] = {
        "get": {"operationId": "list%s" % name, "summary": "List %s" % name,
                "description": describe(rng, 5), "tags": [word],
                "parameters": filters,
                "responses": ok({"type": "array", "items": ref})},
        "post": {"operationId": "create%s" % name, "tags": [word],
                 "requestBody": {"content": {"application/json": {"schema": ref}}},
                 "responses": {"201": {"description": "Created"}}}}
    doc["paths"][path + "/{id}"] = {
        "parameters": [{"$ref": "#/components/parameters/Id"}],
        "get": {"operationId": "get%s" % name, "description": describe(rng, 3),
                "responses": ok(ref)}}
    doc["paths"][path + "/{id}/events"] = {
        "get": {"operationId": "events%s" % name, "description": describe(rng, 3),
                "parameters": [{"$ref": "#/components/parameters/Id"},
                               {"$ref": "#/components/parameters/Cursor"},
                               {"$ref": "#/components/parameters/PerPage"}],
                "responses": ok({"type": "object", "properties": {
                    "data": {"type": "array", "items": {"$ref": "#/components/schemas/Event"}},
                    "next_cursor": {"type": "string", "nullable": True},
                    "meta": {"$ref": "#/components/schemas/Meta"}}})}}
    doc["paths"][path + "/search"] = {
        "get": {"operationId": "search%s" % name, "description": describe(rng, 3),
                "parameters": [{"$ref": "#/components/parameters/Limit"},
                               {"$ref": "#/components/parameters/Offset"}] + filters[:4],
                "responses": ok({"allOf": [
                    {"$ref": "#/components/schemas/Meta"},
                    {"type": "object", "properties": {
                        "results": {"type": "array", "items": ref}}}]})}}


def document(resources):
    rng = random.Random(resources)
    q = lambda name, schema: {"name": name, "in": "query", "schema": schema,
                              "description": describe(rng, 1)}
    doc = {
        "openapi": "3.0.3",
        "info": {"title": "Generated benchmark API", "version": "1.0.0",
                 "description": describe(rng, 20)},
        "servers": [{"url": "https://api.example.com"}],
        "paths": {},
        "components": {
            "schemas": {
                "Base": {"type": "object", "required": ["id"], "properties": {
                    "id": {"type": "integer", "format": "int64", "readOnly": True},
                    "created_at": {"type": "string", "format": "date-time"},
                    "updated_at": {"type": "string", "format": "date-time", "nullable": True}}},
                "Address": {"type": "object", "properties": {
                    k: {"type": "string"} for k in ("street", "city", "zip", "country")}},
                "Status": {"type": "string", "enum": ["active", "paused", "closed"]},
                "Meta": {"type": "object", "properties": {
                    "total": {"type": "integer"}, "has_more": {"type": "boolean"}}},
                "Event": {"allOf": [{"$ref": "#/components/schemas/Base"}, {
                    "type": "object", "properties": {
                        "kind": {"type": "string"}, "payload": {"type": "object"}}}]},
                "Error": {"type": "object", "properties": {
                    "code": {"type": "integer"}, "message": {"type": "string"}}}},
            "parameters": {
                "Id": {"name": "id", "in": "path", "required": True,
                       "schema": {"type": "integer", "format": "int64"}},
                "Cursor": q("cursor", {"type": "string"}),
                "PerPage": q("per_page", {"type": "integer", "maximum": 100}),
                "Limit": q("limit", {"type": "integer", "default": 20, "maximum": 200}),
                "Offset": q("offset", {"type": "integer"})},
            "responses": {"Error": {"description": "Error", "content": {
                "application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}}}}
    for i in range(resources):
        resource(rng, i, doc)
    return doc


PLAIN = re.compile(r"^[A-Za-z_/][A-Za-z0-9_./{}-]*$")


def scalar(v):
    if isinstance(v, str):
        # plain where YAML reads it back as the same string, else JSON's
        # double-quoted form, which is YAML too
        if PLAIN.match(v) and v not in ("true", "false", "null", "y", "n", "yes", "no"):
            return v
        return json.dumps(v, ensure_ascii=False)
    return json.dumps(v)


def flow(v):
    """a scalar, or an empty mapping or sequence"""
    if isinstance(v, dict):
        return "{}"
    if isinstance(v, list):
        return "[]"
    return scalar(v)


def yaml_lines(v, indent, out):
    pad = "  " * indent
    if isinstance(v, dict):
        for k, x in v.items():
            if isinstance(x, (dict, list)) and x:
                out.append("%s%s:" % (pad, scalar(k)))
                yaml_lines(x, indent + 1, out)
            else:
                out.append("%s%s: %s" % (pad, scalar(k), flow(x)))
    else:
        for x in v:
            if isinstance(x, (dict, list)) and x:
                sub = []
                yaml_lines(x, indent + 1, sub)
                out.append("%s- %s" % (pad, sub[0].lstrip()))
                out.extend(sub[1:])
            else:
                out.append("%s- %s" % (pad, flow(x)))


def main():
    if len(sys.argv) != 4:
        sys.exit("usage: genopenapi.py RESOURCES OUT.json OUT.yaml")
    doc = document(int(sys.argv[1]))
    with open(sys.argv[2], "w") as f:
        json.dump(doc, f, indent=1, ensure_ascii=False)
    out = []
    yaml_lines(doc, 0, out)
    with open(sys.argv[3], "w") as f:
        f.write("\n".join(out) + "\n")


main()
