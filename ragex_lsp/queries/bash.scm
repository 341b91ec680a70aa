; Bash: functions (`f() { ... }`, `function f { ... }`, `function f() ...`;
; nested when defined inside a function or anywhere in a top-level `if`) and
; top-level variables: `NAME=value`, `export NAME=value`, `declare`/`typeset`
; (`declare -A MAP` too); `readonly NAME=value` and `declare -r` are
; constants.  A command declaring one name spans the whole command
; (`export PATH="..."`); with several (`export A=1 B=2`) each name spans its
; own assignment so that none nests under another.
; Left out: assignments inside functions (locals, even without `local`) and
; inside top-level `if`/`for`/`case` blocks (conditional, often repeated),
; `NAME+=value` (appends to a variable defined elsewhere), `export NAME`
; without a value (exports a variable defined elsewhere), array element
; assignments `A[i]=...`, and prefix assignments (`LANG=C sort`: the
; command's environment, not a definition).
; Later patterns win over earlier ones for the same name.

(function_definition name: (word) @name) @definition.function

; NAME=value
(program (variable_assignment name: (variable_name) @name "=") @definition.variable)

; export/declare/typeset NAME=value: each name on its own, the whole command
; for a single name
(program
  (declaration_command
    (variable_assignment name: (variable_name) @name) @definition.variable))
(program
  (declaration_command
    ["declare" "typeset"]
    (variable_name) @name @definition.variable))
(program
  (declaration_command
    .
    (variable_assignment name: (variable_name) @name)
    .) @definition.variable)
(program
  (declaration_command
    (word)
    .
    (variable_assignment name: (variable_name) @name)
    .) @definition.variable)
(program
  (declaration_command
    ["declare" "typeset"]
    .
    (variable_name) @name
    .) @definition.variable)
(program
  (declaration_command
    ["declare" "typeset"]
    (word)
    .
    (variable_name) @name
    .) @definition.variable)

; readonly NAME=value, declare -r NAME=value: constants
(program
  (declaration_command
    "readonly"
    [(variable_assignment name: (variable_name) @name) (variable_name) @name] @definition.constant))
(program
  (declaration_command
    "readonly"
    .
    [(variable_assignment name: (variable_name) @name) (variable_name) @name]
    .) @definition.constant)
(program
  (declaration_command
    "readonly"
    (word)
    .
    [(variable_assignment name: (variable_name) @name) (variable_name) @name]
    .) @definition.constant)
(program
  (declaration_command
    ["declare" "typeset"]
    (word) @_flags
    [(variable_assignment name: (variable_name) @name) (variable_name) @name] @definition.constant)
  (#match? @_flags "^-[a-zA-Z]*r"))
(program
  (declaration_command
    ["declare" "typeset"]
    (word) @_flags
    .
    [(variable_assignment name: (variable_name) @name) (variable_name) @name]
    .) @definition.constant
  (#match? @_flags "^-[a-zA-Z]*r"))
