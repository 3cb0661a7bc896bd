;;; imtacfg.el --- imtacfg's language server through eglot  -*- lexical-binding: t -*-

;; Load it from init.el: (load "/path/to/imtacfg.el")
;; A small major mode for the MTA configuration files (comments start with `!'), and
;; eglot started in it. Needs Emacs 29 (eglot built in) or eglot from ELPA.

(require 'eglot)

(define-derived-mode imta-conf-mode prog-mode "IMTA"
  "Major mode for Messaging Server MTA configuration files."
  (setq-local comment-start "! ")
  (setq-local comment-start-skip "^!+ *"))

(dolist (pattern '("/imta\\.cnf\\'" "/option\\.dat\\'" "_option\\'" "/imta_tailor\\'"
                   "/dispatcher\\.cnf\\'" "/job_controller\\.cnf\\'"))
  (add-to-list 'auto-mode-alist (cons pattern 'imta-conf-mode)))

(add-to-list 'eglot-server-programs '(imta-conf-mode . ("imtacfg" "lsp")))
(add-hook 'imta-conf-mode-hook #'eglot-ensure)

(provide 'imtacfg)
;;; imtacfg.el ends here
