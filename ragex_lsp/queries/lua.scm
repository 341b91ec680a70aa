; Lua: functions (`function f()`, `local function f()`, `f = function()`,
; `local f = function()`), module functions (`function M.f()` and
; `M.f = function()`: function `f` in `M`; `function a.b.f()`: in `b`),
; methods (`function M:m()`: method `m` in `M`), functions in the table of a
; top-level declaration or `return { f = function() end }`, module tables
; (`local M = {}` when the file ends with `return M`: module), top-level
; locals and globals (variables; ALL_CAPS names of two or more characters
; are constants) and top-level `M.x = value` (field `x` in `M`).
; Left out: locals inside functions (including nested functions' locals),
; non-function table fields, `M["key"] = ...` (bracket keys are data),
; tables nested in tables, Lua 5.4 `<const>` attributes (rare; every
; top-level pattern costs query time on the whole file).
; Later patterns win over earlier ones for the same name.

; top-level variables: each name on its own in `local a, b = 1, 2`, the whole
; statement for a single name (a table value is left out of the detail)
(chunk
  (variable_declaration
    (assignment_statement (variable_list name: (identifier) @name @definition.variable))))
(chunk
  (variable_declaration
    (assignment_statement
      (variable_list . name: (identifier) @name .)
      (expression_list (table_constructor)? @body))) @definition.variable)
(chunk
  (variable_declaration (variable_list name: (identifier) @name @definition.variable)))
(chunk
  (variable_declaration (variable_list . name: (identifier) @name .)) @definition.variable)
(chunk
  (assignment_statement (variable_list name: (identifier) @name @definition.variable)))
(chunk
  (assignment_statement
    (variable_list . name: (identifier) @name .)
    (expression_list (table_constructor)? @body)) @definition.variable)

; constants: single ALL_CAPS names
(chunk
  (variable_declaration
    (assignment_statement
      (variable_list . name: (identifier) @name .)
      (expression_list (table_constructor)? @body)
      (#match? @name "^_*[A-Z][A-Z0-9_]+$"))) @definition.constant)
(chunk
  (assignment_statement
    (variable_list . name: (identifier) @name .)
    (expression_list (table_constructor)? @body)
    (#match? @name "^_*[A-Z][A-Z0-9_]+$")) @definition.constant)

; M.x = value at top level
(chunk
  (assignment_statement
    (variable_list
      .
      name: (dot_index_expression table: (_) @container field: (identifier) @name)
      .)) @definition.field)

; module table: local M = {} ... return M
(chunk
  (variable_declaration
    (assignment_statement
      (variable_list . name: (identifier) @name .)
      (expression_list . value: (table_constructor) @body .))) @definition.module
  (return_statement (expression_list . (identifier) @_returned .))
  (#eq? @name @_returned))

; function declarations
(function_declaration name: (identifier) @name) @definition.function
(function_declaration
  name: (dot_index_expression table: (_) @container field: (identifier) @name)) @definition.function
(function_declaration
  name: (method_index_expression table: (_) @container method: (identifier) @name)) @definition.method

; functions assigned to names and fields
(assignment_statement
  (variable_list . name: (identifier) @name .)
  (expression_list . value: (function_definition body: (_)? @body) .)) @definition.function
(variable_declaration
  (assignment_statement
    (variable_list . name: (identifier) @name .)
    (expression_list . value: (function_definition body: (_)? @body) .))) @definition.function
(assignment_statement
  (variable_list
    .
    name: (dot_index_expression table: (_) @container field: (identifier) @name)
    .)
  (expression_list . value: (function_definition body: (_)? @body) .)) @definition.function

; functions in the table of a top-level declaration or of `return { ... }`
(chunk
  (variable_declaration
    (assignment_statement
      (expression_list
        (table_constructor
          (field
            name: (identifier) @name
            value: (function_definition body: (_)? @body)) @definition.function)))))
(chunk
  (assignment_statement
    (expression_list
      (table_constructor
        (field
          name: (identifier) @name
          value: (function_definition body: (_)? @body)) @definition.function))))
(chunk
  (return_statement
    (expression_list
      (table_constructor
        (field
          name: (identifier) @name
          value: (function_definition body: (_)? @body)) @definition.function))))
