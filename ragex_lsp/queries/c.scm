; C: function definitions, function prototypes (declarations: the API of a
; header, see below), structs and unions with a body (struct) and their
; fields, enums (enum) and their enumerators (enum_member), typedefs (type;
; `typedef struct {...} name_t` of an anonymous struct/union/enum is that
; struct/enum, named `name_t`), `#define` macros, object-like and
; function-like (macro), global variables (variable; `const int x`,
; `const char s[]` and `char *const p`: constant; `const char *p` is a
; variable), `extern` variable declarations included.
;
; Prototypes are kept (ctags needs --kinds-c=+p for them): a header is mostly
; prototypes, and a workspace search must find a declared function whose
; definition is not in the workspace.  A .c file that forward-declares a
; static function therefore shows it twice, as clangd does.  They are
; matched wherever a declaration is: C has no most vexing parse (cpp.scm
; must anchor them), and a block-scope prototype is rare (it shows under
; its function).
;
; Declarations with one declarator span the whole declaration (detail
; `static int count`); with several (`int a, *b;`) each declarator spans
; itself (detail `*b`), as the engine nests equal or enclosing ranges.  An
; initializer is left out of the detail (captured as @body); so is a `;`.
;
; Left out: include guards (`#define FOO_H` without a value, names ending
; in _H, _H_, _HPP, _INCLUDED); `#undef`; local variables (dropped by the
; engine; also `#define` inside a function, as macros count as constants);
; struct/union/enum references without a body (`struct foo *p`); fields of
; an anonymous struct used as a variable's type stay under that variable.

; --- functions ----------------------------------------------------------
(function_definition
  declarator: [
    (function_declarator declarator: (identifier) @name)
    (pointer_declarator declarator: (function_declarator declarator: (identifier) @name))
    (pointer_declarator
      declarator: (pointer_declarator declarator: (function_declarator declarator: (identifier) @name)))
    (function_declarator
      declarator: (parenthesized_declarator
        (pointer_declarator declarator: (function_declarator declarator: (identifier) @name))))
  ]) @definition.function

; --- structs, unions, enums ---------------------------------------------
(struct_specifier name: (type_identifier) @name body: (field_declaration_list)) @definition.struct
(union_specifier name: (type_identifier) @name body: (field_declaration_list)) @definition.struct
(enum_specifier name: (type_identifier) @name body: (enumerator_list)) @definition.enum
(enumerator name: (identifier) @name) @definition.enum_member

; fields: one declarator spans the declaration, several span themselves
(field_declaration
  declarator: [
    (field_identifier) @name
    (pointer_declarator declarator: (field_identifier) @name)
    (pointer_declarator declarator: (pointer_declarator declarator: (field_identifier) @name))
    (array_declarator declarator: (field_identifier) @name)
    (array_declarator declarator: (array_declarator declarator: (field_identifier) @name))
    (pointer_declarator declarator: (array_declarator declarator: (field_identifier) @name))
    (function_declarator
      declarator: (parenthesized_declarator (pointer_declarator declarator: (field_identifier) @name)))
  ] @definition.field)
(field_declaration
  type: (_) .
  declarator: [
    (field_identifier) @name
    (pointer_declarator declarator: (field_identifier) @name)
    (pointer_declarator declarator: (pointer_declarator declarator: (field_identifier) @name))
    (array_declarator declarator: (field_identifier) @name)
    (array_declarator declarator: (array_declarator declarator: (field_identifier) @name))
    (pointer_declarator declarator: (array_declarator declarator: (field_identifier) @name))
    (function_declarator
      declarator: (parenthesized_declarator (pointer_declarator declarator: (field_identifier) @name)))
  ] .
  (bitfield_clause)? .
  ";" @body) @definition.field

; --- typedefs -----------------------------------------------------------
; typedef of a named struct with a body: the struct is its own symbol, the
; typedef name spans only itself (a sibling after the struct, not its parent)
(type_definition
  type: [
    (struct_specifier name: (_) body: (_))
    (union_specifier name: (_) body: (_))
    (enum_specifier name: (_) body: (_))
  ]
  declarator: [
    (type_identifier) @name
    (pointer_declarator declarator: (type_identifier) @name)
  ] @definition.type)
; any other typedef
(type_definition
  type: [
    (primitive_type)
    (type_identifier)
    (sized_type_specifier)
    (macro_type_specifier)
    (struct_specifier !body)
    (union_specifier !body)
    (enum_specifier !body)
  ] .
  declarator: [
    (type_identifier) @name
    (pointer_declarator declarator: (type_identifier) @name)
    (pointer_declarator declarator: (pointer_declarator declarator: (type_identifier) @name))
    (array_declarator declarator: (type_identifier) @name)
    (function_declarator declarator: (type_identifier) @name)
    (function_declarator
      declarator: (parenthesized_declarator (pointer_declarator declarator: (type_identifier) @name)))
    (pointer_declarator
      declarator: (function_declarator
        declarator: (parenthesized_declarator (pointer_declarator declarator: (type_identifier) @name))))
  ] .
  ";" @body) @definition.type
; typedef struct { ... } name_t;
(type_definition
  type: [
    (struct_specifier !name body: (_) @body)
    (union_specifier !name body: (_) @body)
  ]
  declarator: (type_identifier) @name) @definition.struct
(type_definition
  type: (enum_specifier !name body: (_) @body)
  declarator: (type_identifier) @name) @definition.enum
; several names: `typedef int a_t, *a_p;` each spans itself (the `,` is
; captured as @_sep: uncaptured, only the first `, name` pair matches) (with an
; anonymous struct, the later names nest under the struct named by the first)
(type_definition
  declarator: [
    (type_identifier) @name
    (pointer_declarator declarator: (type_identifier) @name)
  ] @definition.type .
  ",")
(type_definition
  "," @_sep .
  declarator: [
    (type_identifier) @name
    (pointer_declarator declarator: (type_identifier) @name)
  ] @definition.type)

; --- macros -------------------------------------------------------------
(preproc_def . name: (identifier) @name value: (_)) @definition.macro
((preproc_def . name: (identifier) @name !value) @definition.macro
  (#not-match? @name "(^|_)([Hh]|[Hh][Hh]|[Hh][Pp][Pp]|[Hh][Xx][Xx]|INCLUDED)_*$"))
; a comment in the value confuses the grammar: `#define A (B /* x */ | C)`
; parses as (preproc_def (ERROR A ...) name: C); the real name is first
(preproc_def . (ERROR . (identifier) @name)) @definition.macro
(preproc_function_def name: (identifier) @name value: (_) @body) @definition.macro
(preproc_function_def name: (identifier) @name !value) @definition.macro

; --- global variables (locals are dropped by the engine) ---------------
; the fallback: each declarator spans itself
(declaration
  declarator: [
    (identifier) @name
    (pointer_declarator declarator: (identifier) @name)
    (pointer_declarator declarator: (pointer_declarator declarator: (identifier) @name))
    (array_declarator declarator: (identifier) @name)
    (array_declarator declarator: (array_declarator declarator: (identifier) @name))
    (pointer_declarator declarator: (array_declarator declarator: (identifier) @name))
    (function_declarator
      declarator: (parenthesized_declarator (pointer_declarator declarator: (identifier) @name)))
  ] @definition.variable)
(declaration
  declarator: (init_declarator
    declarator: [
      (identifier) @name
      (pointer_declarator declarator: (identifier) @name)
      (pointer_declarator declarator: (pointer_declarator declarator: (identifier) @name))
      (array_declarator declarator: (identifier) @name)
      (array_declarator declarator: (array_declarator declarator: (identifier) @name))
      (pointer_declarator declarator: (array_declarator declarator: (identifier) @name))
      (function_declarator
        declarator: (parenthesized_declarator (pointer_declarator declarator: (identifier) @name)))
    ]
    value: (_) @body) @definition.variable)

; one declarator right after the type and right before the `;`: the whole
; declaration
(declaration
  type: (_) .
  declarator: [
    (identifier) @name
    (pointer_declarator declarator: (identifier) @name)
    (pointer_declarator declarator: (pointer_declarator declarator: (identifier) @name))
    (array_declarator declarator: (identifier) @name)
    (array_declarator declarator: (array_declarator declarator: (identifier) @name))
    (pointer_declarator declarator: (array_declarator declarator: (identifier) @name))
    (function_declarator
      declarator: (parenthesized_declarator (pointer_declarator declarator: (identifier) @name)))
  ] .
  ";" @body) @definition.variable
(declaration
  type: (_) .
  declarator: (init_declarator
    declarator: [
      (identifier) @name
      (pointer_declarator declarator: (identifier) @name)
      (pointer_declarator declarator: (pointer_declarator declarator: (identifier) @name))
      (array_declarator declarator: (identifier) @name)
      (array_declarator declarator: (array_declarator declarator: (identifier) @name))
      (pointer_declarator declarator: (array_declarator declarator: (identifier) @name))
      (function_declarator
        declarator: (parenthesized_declarator (pointer_declarator declarator: (identifier) @name)))
    ]
    value: (_) @body) .
  ";") @definition.variable

; `const` and not a pointer: a constant
((declaration
   (type_qualifier) @_const
   type: (_) .
   declarator: [
     (identifier) @name
     (array_declarator declarator: (identifier) @name)
   ] .
   ";" @body) @definition.constant
  (#eq? @_const "const"))
((declaration
   (type_qualifier) @_const
   type: (_) .
   declarator: (init_declarator
     declarator: [
       (identifier) @name
       (array_declarator declarator: (identifier) @name)
     ]
     value: (_) @body) .
   ";") @definition.constant
  (#eq? @_const "const"))

; `T *const p = ...`: a constant too
((declaration
   type: (_) .
   declarator: (init_declarator
     declarator: (pointer_declarator (type_qualifier) @_const declarator: (identifier) @name)
     value: (_) @body) .
   ";") @definition.constant
  (#eq? @_const "const"))

; --- prototypes (after the variables: same range, the later pattern wins)
(declaration
  declarator: [
    (function_declarator declarator: (identifier) @name)
    (pointer_declarator declarator: (function_declarator declarator: (identifier) @name))
    (pointer_declarator
      declarator: (pointer_declarator declarator: (function_declarator declarator: (identifier) @name)))
    (function_declarator
      declarator: (parenthesized_declarator
        (pointer_declarator declarator: (function_declarator declarator: (identifier) @name))))
  ]
  ";" @body) @definition.function
