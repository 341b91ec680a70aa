;; ragex-lsp with Eglot (built in from Emacs 29; Debian's elpa-eglot or GNU ELPA's eglot before).
(require 'eglot)
(add-to-list 'eglot-server-programs
             '((python-mode python-ts-mode js-mode js-ts-mode typescript-mode typescript-ts-mode
                tsx-ts-mode go-mode go-ts-mode rust-mode rust-ts-mode java-mode java-ts-mode
                c-mode c-ts-mode c++-mode c++-ts-mode csharp-mode csharp-ts-mode ruby-mode ruby-ts-mode
                php-mode php-ts-mode kotlin-mode kotlin-ts-mode swift-mode scala-mode scala-ts-mode
                lua-mode lua-ts-mode sh-mode bash-ts-mode)
               . ("ragex-lsp")))
(dolist (hook '(python-mode-hook python-ts-mode-hook js-mode-hook js-ts-mode-hook
                typescript-mode-hook typescript-ts-mode-hook tsx-ts-mode-hook go-mode-hook go-ts-mode-hook
                rust-mode-hook rust-ts-mode-hook java-mode-hook java-ts-mode-hook c-mode-hook c-ts-mode-hook
                c++-mode-hook c++-ts-mode-hook csharp-mode-hook csharp-ts-mode-hook ruby-mode-hook
                ruby-ts-mode-hook php-mode-hook php-ts-mode-hook kotlin-mode-hook kotlin-ts-mode-hook
                swift-mode-hook scala-mode-hook scala-ts-mode-hook lua-mode-hook lua-ts-mode-hook
                sh-mode-hook bash-ts-mode-hook))
  (add-hook hook #'eglot-ensure))
