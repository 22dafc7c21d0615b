"""The machine-readable description (OpenAPI 3.1) of the read-only JSON API, served at /api/v1/schema.json."""

AMOUNT = {"type": "string", "pattern": r"^-?\d+\.\d{2}$", "description": "金额，单位元，精确到分，以文本表示"}
NULLABLE_AMOUNT = {"oneOf": [AMOUNT, {"type": "null"}]}


def _page_of(item):
    return {
        "type": "object",
        "required": ["count", "page", "pages", "next", "previous", "results"],
        "properties": {
            "count": {"type": "integer", "description": "结果总数"},
            "page": {"type": "integer"},
            "pages": {"type": "integer"},
            "next": {"type": ["string", "null"], "format": "uri"},
            "previous": {"type": ["string", "null"], "format": "uri"},
            "results": {"type": "array", "items": {"$ref": f"#/components/schemas/{item}"}},
        },
    }


def _ok(schema_ref, description):
    return {
        "200": {
            "description": description,
            "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{schema_ref}"}}},
        },
        "304": {"description": "If-None-Match 与 ETag 相同：未修改"},
        "404": {"$ref": "#/components/responses/NotFound"},
    }


ADDRESS = [
    {
        "name": "bureau",
        "in": "path",
        "required": True,
        "schema": {"type": "string"},
        "description": "财政局标识",
    },
    {
        "name": "department",
        "in": "path",
        "required": True,
        "schema": {"type": "string"},
        "description": "部门标识",
    },
    {
        "name": "year",
        "in": "path",
        "required": True,
        "schema": {"type": "integer"},
        "description": "决算年度",
    },
]
NUMBER = {
    "name": "number",
    "in": "path",
    "required": True,
    "schema": {"type": "integer", "minimum": 1},
    "description": "版本号",
}
PAGING = [
    {"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 1, "default": 1}},
    {
        "name": "page_size",
        "in": "query",
        "schema": {"type": "integer", "minimum": 1, "maximum": 200, "default": 50},
    },
]


def api_schema(server_url):
    """Return the OpenAPI document of API v1, with `server_url` as its server."""
    cell = {
        "type": "object",
        "properties": {
            "value": NULLABLE_AMOUNT,
            "text": {"type": "string"},
            "line": {"type": ["integer", "null"], "description": "行次"},
            "column": {"type": ["integer", "null"], "description": "栏次"},
            "key": {"type": "string", "description": "单元格含义，见数据字典"},
            "code": {"type": "string", "description": "科目编码"},
            "colspan": {"type": "integer", "minimum": 1, "description": "横跨的列数"},
            "role": {
                "type": "string",
                "enum": ["", "label", "name", "code", "line"],
                "description": "文字单元格的作用：项目名称、科目名称、科目编码、行次；金额为空",
            },
        },
    }
    header_cell = {
        "type": "object",
        "properties": {
            "text": {"type": "string"},
            "colspan": {"type": "integer", "minimum": 1},
            "rowspan": {"type": "integer", "minimum": 1},
        },
    }
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "部门决算公开数据接口",
            "version": "1",
            "description": "只读接口，仅提供已公开的版本；未公开的内容一律返回 404。金额单位为元，以文本表示以免精度损失。",
        },
        "servers": [{"url": server_url}],
        "paths": {
            "/api/v1/bureaus/": {
                "get": {
                    "summary": "财政局列表（有已公开部门决算的）",
                    "parameters": PAGING,
                    "responses": {
                        "200": {
                            "description": "一页财政局",
                            "content": {"application/json": {"schema": _page_of("Bureau")}},
                        },
                        "404": {"$ref": "#/components/responses/NotFound"},
                    },
                }
            },
            "/api/v1/bureaus/{bureau}/": {
                "get": {
                    "summary": "一个财政局及其上级、下级",
                    "parameters": [ADDRESS[0]],
                    "responses": _ok("BureauDetail", "财政局"),
                }
            },
            "/api/v1/departments/": {
                "get": {
                    "summary": "部门列表（有已公开决算的）",
                    "parameters": [*PAGING, {"name": "bureau", "in": "query", "schema": {"type": "string"}}],
                    "responses": {
                        "200": {
                            "description": "一页部门",
                            "content": {"application/json": {"schema": _page_of("Department")}},
                        },
                        "404": {"$ref": "#/components/responses/NotFound"},
                    },
                }
            },
            "/api/v1/final-accounts/": {
                "get": {
                    "summary": "已公开的部门决算（各取现行版本）",
                    "parameters": [
                        *PAGING,
                        {"name": "year", "in": "query", "schema": {"type": "integer"}},
                        {
                            "name": "bureau",
                            "in": "query",
                            "schema": {"type": "string"},
                            "description": "财政局标识，含其下级财政局的部门",
                        },
                        {"name": "department", "in": "query", "schema": {"type": "string"}},
                    ],
                    "responses": {
                        "200": {
                            "description": "一页部门决算",
                            "content": {"application/json": {"schema": _page_of("FinalAccount")}},
                        },
                        "400": {"$ref": "#/components/responses/BadRequest"},
                        "404": {"$ref": "#/components/responses/NotFound"},
                    },
                }
            },
            "/api/v1/final-accounts/{bureau}/{department}/{year}/": {
                "get": {
                    "summary": "一个部门决算的现行版本（短时缓存）",
                    "parameters": ADDRESS,
                    "responses": _ok("FinalAccountDetail", "现行版本"),
                }
            },
            "/api/v1/final-accounts/{bureau}/{department}/{year}/v{number}/": {
                "get": {
                    "summary": "指定版本（内容不变，长期缓存）",
                    "parameters": [*ADDRESS, NUMBER],
                    "responses": _ok("FinalAccountDetail", "该版本"),
                }
            },
            "/api/v1/final-accounts/{bureau}/{department}/{year}/v{number}/statements/": {
                "get": {
                    "summary": "该版本的九张报表，每个单元格带行次、栏次、科目编码和键",
                    "parameters": [*ADDRESS, NUMBER],
                    "responses": _ok("Statements", "报表"),
                }
            },
            "/api/v1/final-accounts/{bureau}/{department}/{year}/v{number}/facts/": {
                "get": {
                    "summary": "该版本的基础数据、审核结果和书面说明",
                    "parameters": [*ADDRESS, NUMBER],
                    "responses": _ok("Facts", "基础数据"),
                }
            },
            "/api/v1/final-accounts/{bureau}/{department}/{year}/statements/": {
                "get": {
                    "summary": "现行版本的报表",
                    "parameters": ADDRESS,
                    "responses": _ok("Statements", "报表"),
                }
            },
            "/api/v1/final-accounts/{bureau}/{department}/{year}/facts/": {
                "get": {
                    "summary": "现行版本的基础数据",
                    "parameters": ADDRESS,
                    "responses": _ok("Facts", "基础数据"),
                }
            },
        },
        "components": {
            "responses": {
                "NotFound": {
                    "description": "不存在或未公开",
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
                },
                "BadRequest": {
                    "description": "参数无效",
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
                },
            },
            "schemas": {
                "Error": {"type": "object", "properties": {"detail": {"type": "string"}}},
                "Bureau": {
                    "type": "object",
                    "properties": {
                        "slug": {"type": "string"},
                        "name": {"type": "string"},
                        "short_name": {"type": "string"},
                        "parent": {"type": ["string", "null"]},
                        "url": {"type": "string", "format": "uri"},
                        "page_url": {"type": "string", "format": "uri"},
                        "departments_url": {"type": "string", "format": "uri"},
                    },
                },
                "BureauDetail": {
                    "allOf": [
                        {"$ref": "#/components/schemas/Bureau"},
                        {
                            "type": "object",
                            "properties": {
                                "ancestors": {"type": "array", "items": {"type": "string"}},
                                "children": {"type": "array", "items": {"type": "string"}},
                            },
                        },
                    ]
                },
                "Department": {
                    "type": "object",
                    "properties": {
                        "bureau": {"type": "string"},
                        "slug": {"type": "string"},
                        "name": {"type": "string"},
                        "short_name": {"type": "string"},
                        "years": {"type": "array", "items": {"type": "integer"}},
                        "page_url": {"type": "string", "format": "uri"},
                        "final_accounts_url": {"type": "string", "format": "uri"},
                    },
                },
                "FinalAccount": {
                    "type": "object",
                    "properties": {
                        "bureau": {"type": "string"},
                        "bureau_name": {"type": "string"},
                        "department": {"type": "string"},
                        "department_name": {"type": "string"},
                        "year": {"type": "integer"},
                        "version": {"type": "integer"},
                        "published_at": {"type": "string", "format": "date-time"},
                        "correction_reason": {"type": "string"},
                        "unit": {"const": "元"},
                        "sha256": {
                            "type": "object",
                            "properties": {
                                "html": {"type": "string"},
                                "pdf": {"type": "string"},
                                "json": {"type": "string"},
                            },
                        },
                        **{
                            name: {"type": "string", "format": "uri"}
                            for name in (
                                "url",
                                "version_url",
                                "page_url",
                                "pdf_url",
                                "json_url",
                                "csv_url",
                                "xlsx_url",
                            )
                        },
                    },
                },
                "FinalAccountDetail": {
                    "allOf": [
                        {"$ref": "#/components/schemas/FinalAccount"},
                        {
                            "type": "object",
                            "properties": {
                                "versions": {
                                    "type": "array",
                                    "items": {
                                        "type": "object",
                                        "properties": {
                                            "version": {"type": "integer"},
                                            "published_at": {"type": "string", "format": "date-time"},
                                            "correction_reason": {"type": "string"},
                                            "json_sha256": {"type": "string"},
                                            "url": {"type": "string", "format": "uri"},
                                            "page_url": {"type": "string", "format": "uri"},
                                        },
                                    },
                                },
                                "statements_url": {"type": "string", "format": "uri"},
                                "facts_url": {"type": "string", "format": "uri"},
                            },
                        },
                    ]
                },
                "Statements": {
                    "type": "object",
                    "properties": {
                        "version": {"type": "integer"},
                        "json_sha256": {"type": "string"},
                        "unit": {"const": "元"},
                        "final_account": {"type": "object"},
                        "statements": {
                            "type": "array",
                            "items": {
                                "type": "object",
                                "properties": {
                                    "kind": {"type": "string"},
                                    "number": {"type": "integer", "description": "表号"},
                                    "title": {"type": "string"},
                                    "unit": {"const": "元"},
                                    "header_rows": {
                                        "type": "array",
                                        "description": "表头各行，自上而下，含跨行跨列",
                                        "items": {"type": "array", "items": header_cell},
                                    },
                                    "notes": {"type": "array", "items": {"type": "string"}},
                                    "empty_sentence": {"type": "string"},
                                    "is_empty": {"type": "boolean"},
                                    "wide": {"type": "boolean", "description": "横向排版的宽表"},
                                    "column_count": {"type": "integer"},
                                    "rows": {
                                        "type": "array",
                                        "items": {
                                            "type": "object",
                                            "properties": {
                                                "kind": {
                                                    "type": "string",
                                                    "enum": [
                                                        "total",
                                                        "category",
                                                        "section",
                                                        "item",
                                                        "line",
                                                        "blank",
                                                        "footer",
                                                    ],
                                                },
                                                "code": {"type": "string"},
                                                "cells": {"type": "array", "items": cell},
                                            },
                                        },
                                    },
                                },
                            },
                        },
                    },
                },
                "Facts": {
                    "type": "object",
                    "properties": {
                        "version": {"type": "integer"},
                        "json_sha256": {"type": "string"},
                        "unit": {"const": "元"},
                        "final_account": {"type": "object"},
                        "facts": {"type": "object"},
                        "explanations": {
                            "type": "array",
                            "items": {
                                "type": "object",
                                "properties": {
                                    "target": {"type": "string"},
                                    "text": {"type": "string"},
                                },
                            },
                        },
                    },
                },
            },
        },
    }
