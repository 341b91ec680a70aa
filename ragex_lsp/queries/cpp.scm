; C++: namespaces (`namespace a::b` is one namespace named a::b), classes
; (class), structs and unions (struct), enums and `enum class` (enum) with
; their enumerators, fields, methods (defined or declared in the class),
; constructors and destructors (constructor, `~Foo`), operators (operator,
; `operator==`), out-of-line definitions `Foo::bar` and `ns::Foo::bar`
; (method, container Foo: the namespace part cannot be told from a class, so
; `void ns::f() {}` is a method of ns too), out-of-line static members
; (`int Foo::count = 0;`: field, container Foo), free functions, prototypes
; outside function bodies (see c.scm), templates (the range starts at
; `template <...>`), `using X = ...` and typedefs (type), concepts (type),
; `#define` macros (macro), namespace-level variables (variable;
; `const`/`constexpr` ones, and `T *const p`, are constants; `const T *p`
; is a variable).
;
; Left out: conversion operators (`operator bool()`: no name node of their
; own), friend declarations, `using namespace` / using-declarations, forward
; declarations (`class Foo;`), anonymous namespaces (their members show at
; the level of the namespace's parent), access specifiers (members are
; listed whatever their access), `= default`/`= delete` functions inside a
; template_declaration (no body to end their detail).
;
; Prototypes are only matched in a translation unit, namespace, `extern "C"`
; or preprocessor block: in a function body `std::string s(buf, n);` parses
; as a prototype.  Multiple declarators and include guards: as in c.scm.
; The function declarator is found bare or under a pointer or reference
; declarator (`T* f()`, `const T& f()`) or two pointer declarators
; (`char** f()`), spelled out: wildcard parents `(_ (_ ...))` cost ~15% more
; query time.

; --- namespaces ---------------------------------------------------------
(namespace_definition name: (namespace_identifier) @name) @definition.namespace
(namespace_definition name: (nested_namespace_specifier) @name) @definition.namespace

; --- classes, structs, unions, enums ------------------------------------
(class_specifier
  name: [(type_identifier) @name (template_type name: (type_identifier) @name)]
  body: (_)) @definition.class
(template_declaration
  (class_specifier
    name: [(type_identifier) @name (template_type name: (type_identifier) @name)]
    body: (_) @body)) @definition.class
(struct_specifier
  name: [(type_identifier) @name (template_type name: (type_identifier) @name)]
  body: (_)) @definition.struct
(template_declaration
  (struct_specifier
    name: [(type_identifier) @name (template_type name: (type_identifier) @name)]
    body: (_) @body)) @definition.struct
(union_specifier name: (type_identifier) @name body: (_)) @definition.struct
(template_declaration
  (union_specifier name: (type_identifier) @name body: (_) @body)) @definition.struct
(enum_specifier name: (type_identifier) @name body: (_)) @definition.enum
(enumerator name: (identifier) @name) @definition.enum_member

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

; --- fields -------------------------------------------------------------
; one declarator spans the declaration (`= value` / `{value}` and `;` left
; out of the detail), several span themselves
(field_declaration
  declarator: [
    (field_identifier) @name
    (pointer_declarator declarator: (field_identifier) @name)
    (pointer_declarator declarator: (pointer_declarator declarator: (field_identifier) @name))
    (reference_declarator (field_identifier) @name)
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
    (reference_declarator (field_identifier) @name)
    (array_declarator declarator: (field_identifier) @name)
    (array_declarator declarator: (array_declarator declarator: (field_identifier) @name))
    (pointer_declarator declarator: (array_declarator declarator: (field_identifier) @name))
    (function_declarator
      declarator: (parenthesized_declarator (pointer_declarator declarator: (field_identifier) @name)))
  ] .
  (bitfield_clause)? .
  ";" @body) @definition.field
(field_declaration
  type: (_) .
  declarator: [
    (field_identifier) @name
    (pointer_declarator declarator: (field_identifier) @name)
    (pointer_declarator declarator: (pointer_declarator declarator: (field_identifier) @name))
    (reference_declarator (field_identifier) @name)
    (array_declarator declarator: (field_identifier) @name)
    (array_declarator declarator: (array_declarator declarator: (field_identifier) @name))
    (pointer_declarator declarator: (array_declarator declarator: (field_identifier) @name))
    (function_declarator
      declarator: (parenthesized_declarator (pointer_declarator declarator: (field_identifier) @name)))
  ] .
  default_value: (_) @body .
  ";") @definition.field

; --- function definitions -----------------------------------------------
; free functions, and methods defined in a class body (the engine makes
; them methods; their name is a field_identifier)
(function_definition
  declarator: [
    (function_declarator declarator: [(identifier) (field_identifier)] @name)
    (pointer_declarator declarator: (function_declarator declarator: [(identifier) (field_identifier)] @name))
    (reference_declarator (function_declarator declarator: [(identifier) (field_identifier)] @name))
    (pointer_declarator declarator: (pointer_declarator declarator: (function_declarator declarator: [(identifier) (field_identifier)] @name)))
    (function_declarator
      declarator: (parenthesized_declarator
        (pointer_declarator declarator: (function_declarator declarator: (identifier) @name))))
  ]) @definition.function
(template_declaration
  (function_definition
    declarator: [
      (function_declarator declarator: [(identifier) (field_identifier)] @name)
      (pointer_declarator declarator: (function_declarator declarator: [(identifier) (field_identifier)] @name))
      (reference_declarator (function_declarator declarator: [(identifier) (field_identifier)] @name))
      (pointer_declarator declarator: (pointer_declarator declarator: (function_declarator declarator: [(identifier) (field_identifier)] @name)))
    ]
    body: (_) @body)) @definition.function

; out of line: Foo::bar, ns::Foo::bar
(function_definition
  declarator: [
    (function_declarator
      declarator: (qualified_identifier scope: (_) @container name: (identifier) @name))
    (function_declarator
      declarator: (qualified_identifier
        name: (qualified_identifier scope: (_) @container name: (identifier) @name)))
    (pointer_declarator declarator: (function_declarator
      declarator: (qualified_identifier scope: (_) @container name: (identifier) @name)))
    (reference_declarator (function_declarator
      declarator: (qualified_identifier scope: (_) @container name: (identifier) @name)))
    (pointer_declarator declarator: (function_declarator
      declarator: (qualified_identifier
        name: (qualified_identifier scope: (_) @container name: (identifier) @name))))
    (reference_declarator (function_declarator
      declarator: (qualified_identifier
        name: (qualified_identifier scope: (_) @container name: (identifier) @name))))
    (pointer_declarator declarator: (pointer_declarator declarator: (function_declarator
      declarator: (qualified_identifier scope: (_) @container name: (identifier) @name))))
  ]) @definition.method
(template_declaration
  (function_definition
    declarator: [
      (function_declarator
        declarator: (qualified_identifier scope: (_) @container name: (identifier) @name))
      (function_declarator
        declarator: (qualified_identifier
          name: (qualified_identifier scope: (_) @container name: (identifier) @name)))
      (pointer_declarator declarator: (function_declarator
        declarator: (qualified_identifier scope: (_) @container name: (identifier) @name)))
      (reference_declarator (function_declarator
        declarator: (qualified_identifier scope: (_) @container name: (identifier) @name)))
      (pointer_declarator declarator: (pointer_declarator declarator: (function_declarator
        declarator: (qualified_identifier scope: (_) @container name: (identifier) @name))))
    ]
    body: (_) @body)) @definition.method

; operators: operator==, Foo::operator[]
(function_definition
  declarator: [
    (function_declarator declarator: (operator_name) @name)
    (pointer_declarator declarator: (function_declarator declarator: (operator_name) @name))
    (reference_declarator (function_declarator declarator: (operator_name) @name))
    (pointer_declarator declarator: (pointer_declarator declarator: (function_declarator declarator: (operator_name) @name)))
    (function_declarator
      declarator: (qualified_identifier scope: (_) @container name: (operator_name) @name))
    (pointer_declarator declarator: (function_declarator
      declarator: (qualified_identifier scope: (_) @container name: (operator_name) @name)))
    (reference_declarator (function_declarator
      declarator: (qualified_identifier scope: (_) @container name: (operator_name) @name)))
    (pointer_declarator declarator: (pointer_declarator declarator: (function_declarator
      declarator: (qualified_identifier scope: (_) @container name: (operator_name) @name))))
  ]) @definition.operator
(template_declaration
  (function_definition
    declarator: [
      (function_declarator declarator: (operator_name) @name)
      (pointer_declarator declarator: (function_declarator declarator: (operator_name) @name))
      (reference_declarator (function_declarator declarator: (operator_name) @name))
      (pointer_declarator declarator: (pointer_declarator declarator: (function_declarator declarator: (operator_name) @name)))
      (function_declarator
        declarator: (qualified_identifier scope: (_) @container name: (operator_name) @name))
      (pointer_declarator declarator: (function_declarator
        declarator: (qualified_identifier scope: (_) @container name: (operator_name) @name)))
      (reference_declarator (function_declarator
        declarator: (qualified_identifier scope: (_) @container name: (operator_name) @name)))
      (pointer_declarator declarator: (pointer_declarator declarator: (function_declarator
        declarator: (qualified_identifier scope: (_) @container name: (operator_name) @name))))
    ]
    body: (_) @body)) @definition.operator

; constructors (no return type) and destructors, in a class or out of line
(field_declaration_list
  (function_definition !type
    declarator: (function_declarator declarator: (identifier) @name)) @definition.constructor)
(field_declaration_list
  (template_declaration
    (function_definition !type
      declarator: (function_declarator declarator: (identifier) @name)
      body: (_) @body)) @definition.constructor)
(function_definition !type
  declarator: (function_declarator
    declarator: [
      (qualified_identifier scope: (_) @container name: (identifier) @name)
      (qualified_identifier name: (qualified_identifier scope: (_) @container name: (identifier) @name))
    ])) @definition.constructor
(template_declaration
  (function_definition !type
    declarator: (function_declarator
      declarator: (qualified_identifier scope: (_) @container name: (identifier) @name))
    body: (_) @body)) @definition.constructor
(function_definition
  declarator: (function_declarator
    declarator: [
      (destructor_name) @name
      (qualified_identifier scope: (_) @container name: (destructor_name) @name)
      (qualified_identifier name: (qualified_identifier scope: (_) @container name: (destructor_name) @name))
    ])) @definition.constructor
(template_declaration
  (function_definition
    declarator: (function_declarator
      declarator: (qualified_identifier scope: (_) @container name: (destructor_name) @name))
    body: (_) @body)) @definition.constructor

; --- declarations in a class body ---------------------------------------
(field_declaration
  declarator: [
    (function_declarator declarator: (field_identifier) @name)
    (pointer_declarator declarator: (function_declarator declarator: (field_identifier) @name))
    (reference_declarator (function_declarator declarator: (field_identifier) @name))
    (pointer_declarator declarator: (pointer_declarator declarator: (function_declarator declarator: (field_identifier) @name)))
  ]
  ";" @body) @definition.method
(field_declaration
  declarator: [
    (function_declarator declarator: (operator_name) @name)
    (pointer_declarator declarator: (function_declarator declarator: (operator_name) @name))
    (reference_declarator (function_declarator declarator: (operator_name) @name))
    (pointer_declarator declarator: (pointer_declarator declarator: (function_declarator declarator: (operator_name) @name)))
  ]
  ";" @body) @definition.operator
(field_declaration_list
  (declaration !type
    declarator: (function_declarator declarator: (identifier) @name)
    ";" @body) @definition.constructor)
(field_declaration_list
  (declaration
    declarator: (function_declarator declarator: (destructor_name) @name)
    ";" @body) @definition.constructor)
(field_declaration_list
  (template_declaration
    (declaration
      declarator: [
        (function_declarator declarator: (identifier) @name)
        (pointer_declarator declarator: (function_declarator declarator: (identifier) @name))
        (reference_declarator (function_declarator declarator: (identifier) @name))
        (pointer_declarator declarator: (pointer_declarator declarator: (function_declarator declarator: (identifier) @name)))
      ]
      ";" @body)) @definition.method)
(field_declaration_list
  (template_declaration
    (declaration !type
      declarator: (function_declarator declarator: (identifier) @name)
      ";" @body)) @definition.constructor)

; --- types --------------------------------------------------------------
(alias_declaration name: (type_identifier) @name ";" @body) @definition.type
(template_declaration
  (alias_declaration name: (type_identifier) @name ";" @body)) @definition.type
(template_declaration
  (concept_definition name: (identifier) @name ";" @body)) @definition.type

(type_definition
  type: [
    (struct_specifier name: (_) body: (_))
    (class_specifier name: (_) body: (_))
    (union_specifier name: (_) body: (_))
    (enum_specifier name: (_) body: (_))
  ]
  declarator: [
    (type_identifier) @name
    (pointer_declarator declarator: (type_identifier) @name)
  ] @definition.type)
(type_definition
  type: [
    (primitive_type)
    (type_identifier)
    (sized_type_specifier)
    (qualified_identifier)
    (template_type)
    (placeholder_type_specifier)
    (dependent_type)
    (decltype)
    (struct_specifier !body)
    (class_specifier !body)
    (union_specifier !body)
    (enum_specifier !body)
  ] .
  declarator: [
    (type_identifier) @name
    (pointer_declarator declarator: (type_identifier) @name)
    (pointer_declarator declarator: (pointer_declarator declarator: (type_identifier) @name))
    (reference_declarator (type_identifier) @name)
    (array_declarator declarator: (type_identifier) @name)
    (function_declarator declarator: (type_identifier) @name)
    (function_declarator
      declarator: (parenthesized_declarator (pointer_declarator declarator: (type_identifier) @name)))
    (pointer_declarator
      declarator: (function_declarator
        declarator: (parenthesized_declarator (pointer_declarator declarator: (type_identifier) @name))))
  ] .
  ";" @body) @definition.type
; several names: `typedef int a_t, *a_p;` each spans itself (the `,` is
; captured as @_sep: uncaptured, only the first `, name` pair matches)
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
(preproc_def . (ERROR . (identifier) @name)) @definition.macro
(preproc_function_def name: (identifier) @name value: (_) @body) @definition.macro
(preproc_function_def name: (identifier) @name !value) @definition.macro

; --- variables (locals are dropped by the engine) -----------------------
(declaration
  declarator: [
    (identifier) @name
    (pointer_declarator declarator: (identifier) @name)
    (pointer_declarator declarator: (pointer_declarator declarator: (identifier) @name))
    (reference_declarator (identifier) @name)
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
      (reference_declarator (identifier) @name)
      (array_declarator declarator: (identifier) @name)
      (array_declarator declarator: (array_declarator declarator: (identifier) @name))
      (pointer_declarator declarator: (array_declarator declarator: (identifier) @name))
      (function_declarator
        declarator: (parenthesized_declarator (pointer_declarator declarator: (identifier) @name)))
    ]
    value: (_) @body) @definition.variable)
(declaration
  type: (_) .
  declarator: [
    (identifier) @name
    (pointer_declarator declarator: (identifier) @name)
    (pointer_declarator declarator: (pointer_declarator declarator: (identifier) @name))
    (reference_declarator (identifier) @name)
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
      (reference_declarator (identifier) @name)
      (array_declarator declarator: (identifier) @name)
      (array_declarator declarator: (array_declarator declarator: (identifier) @name))
      (pointer_declarator declarator: (array_declarator declarator: (identifier) @name))
      (function_declarator
        declarator: (parenthesized_declarator (pointer_declarator declarator: (identifier) @name)))
    ]
    value: (_) @body) .
  ";") @definition.variable

; `const` / `constexpr` and not a pointer: a constant
((declaration
   (type_qualifier) @_const
   type: (_) .
   declarator: [
     (identifier) @name
     (array_declarator declarator: (identifier) @name)
   ] .
   ";" @body) @definition.constant
  (#any-of? @_const "const" "constexpr" "constinit"))
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
  (#any-of? @_const "const" "constexpr" "constinit"))

; `T *const p = ...`: a constant too
((declaration
   type: (_) .
   declarator: (init_declarator
     declarator: (pointer_declarator (type_qualifier) @_const declarator: (identifier) @name)
     value: (_) @body) .
   ";") @definition.constant
  (#eq? @_const "const"))

; out-of-line static members: int Foo::count = 0; T* Foo::instance;
(declaration
  type: (_) .
  declarator: [
    (qualified_identifier scope: (_) @container name: (identifier) @name)
    (_ (qualified_identifier scope: (_) @container name: (identifier) @name))
  ] .
  ";" @body) @definition.field
(declaration
  type: (_) .
  declarator: (init_declarator
    declarator: [
      (qualified_identifier scope: (_) @container name: (identifier) @name)
      (_ (qualified_identifier scope: (_) @container name: (identifier) @name))
    ]
    value: (_) @body) .
  ";") @definition.field
(template_declaration
  (declaration
    type: (_) .
    declarator: (init_declarator
      declarator: [
        (qualified_identifier scope: (_) @container name: (identifier) @name)
        (_ (qualified_identifier scope: (_) @container name: (identifier) @name))
      ]
      value: (_) @body) .
    ";")) @definition.field

; --- prototypes (after the variables: same range, the later pattern wins),
; only where a declaration is not a local
(translation_unit
  (declaration
    declarator: [
      (function_declarator declarator: [(identifier) (operator_name)] @name)
      (pointer_declarator declarator: (function_declarator declarator: [(identifier) (operator_name)] @name))
      (reference_declarator (function_declarator declarator: [(identifier) (operator_name)] @name))
      (pointer_declarator declarator: (pointer_declarator declarator: (function_declarator declarator: [(identifier) (operator_name)] @name)))
    ]
    ";" @body) @definition.function)
(declaration_list
  (declaration
    declarator: [
      (function_declarator declarator: [(identifier) (operator_name)] @name)
      (pointer_declarator declarator: (function_declarator declarator: [(identifier) (operator_name)] @name))
      (reference_declarator (function_declarator declarator: [(identifier) (operator_name)] @name))
      (pointer_declarator declarator: (pointer_declarator declarator: (function_declarator declarator: [(identifier) (operator_name)] @name)))
    ]
    ";" @body) @definition.function)
(linkage_specification
  body: (declaration
    declarator: [
      (function_declarator declarator: [(identifier) (operator_name)] @name)
      (pointer_declarator declarator: (function_declarator declarator: [(identifier) (operator_name)] @name))
      (reference_declarator (function_declarator declarator: [(identifier) (operator_name)] @name))
      (pointer_declarator declarator: (pointer_declarator declarator: (function_declarator declarator: [(identifier) (operator_name)] @name)))
    ]
    ";" @body) @definition.function)
(template_declaration
  (declaration
    declarator: [
      (function_declarator declarator: [(identifier) (operator_name)] @name)
      (pointer_declarator declarator: (function_declarator declarator: [(identifier) (operator_name)] @name))
      (reference_declarator (function_declarator declarator: [(identifier) (operator_name)] @name))
      (pointer_declarator declarator: (pointer_declarator declarator: (function_declarator declarator: [(identifier) (operator_name)] @name)))
    ]
    ";" @body)) @definition.function
(preproc_ifdef
  (declaration
    declarator: [
      (function_declarator declarator: [(identifier) (operator_name)] @name)
      (pointer_declarator declarator: (function_declarator declarator: [(identifier) (operator_name)] @name))
      (reference_declarator (function_declarator declarator: [(identifier) (operator_name)] @name))
      (pointer_declarator declarator: (pointer_declarator declarator: (function_declarator declarator: [(identifier) (operator_name)] @name)))
    ]
    ";" @body) @definition.function)
(preproc_if
  (declaration
    declarator: [
      (function_declarator declarator: [(identifier) (operator_name)] @name)
      (pointer_declarator declarator: (function_declarator declarator: [(identifier) (operator_name)] @name))
      (reference_declarator (function_declarator declarator: [(identifier) (operator_name)] @name))
      (pointer_declarator declarator: (pointer_declarator declarator: (function_declarator declarator: [(identifier) (operator_name)] @name)))
    ]
    ";" @body) @definition.function)
(preproc_else
  (declaration
    declarator: [
      (function_declarator declarator: [(identifier) (operator_name)] @name)
      (pointer_declarator declarator: (function_declarator declarator: [(identifier) (operator_name)] @name))
      (reference_declarator (function_declarator declarator: [(identifier) (operator_name)] @name))
      (pointer_declarator declarator: (pointer_declarator declarator: (function_declarator declarator: [(identifier) (operator_name)] @name)))
    ]
    ";" @body) @definition.function)
(preproc_elif
  (declaration
    declarator: [
      (function_declarator declarator: [(identifier) (operator_name)] @name)
      (pointer_declarator declarator: (function_declarator declarator: [(identifier) (operator_name)] @name))
      (reference_declarator (function_declarator declarator: [(identifier) (operator_name)] @name))
      (pointer_declarator declarator: (pointer_declarator declarator: (function_declarator declarator: [(identifier) (operator_name)] @name)))
    ]
    ";" @body) @definition.function)
; operator prototypes (`operator` is a keyword: never a local) are operators
(declaration
  declarator: [
    (function_declarator declarator: (operator_name) @name)
    (pointer_declarator declarator: (function_declarator declarator: (operator_name) @name))
    (reference_declarator (function_declarator declarator: (operator_name) @name))
    (pointer_declarator declarator: (pointer_declarator declarator: (function_declarator declarator: (operator_name) @name)))
  ]
  ";" @body) @definition.operator
(template_declaration
  (declaration
    declarator: [
      (function_declarator declarator: (operator_name) @name)
      (pointer_declarator declarator: (function_declarator declarator: (operator_name) @name))
      (reference_declarator (function_declarator declarator: (operator_name) @name))
      (pointer_declarator declarator: (pointer_declarator declarator: (function_declarator declarator: (operator_name) @name)))
    ]
    ";" @body)) @definition.operator
