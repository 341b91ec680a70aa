-- Indexing progress (0.7-0.9): the latest message in the command line, the end in :messages.
vim.api.nvim_create_autocmd('User', {
  pattern = 'LspProgressUpdate',
  callback = function()
    for _, msg in ipairs(vim.lsp.util.get_progress_messages()) do
      if msg.name == 'ragex' and msg.progress then
        local text = ('%s: %s'):format(msg.title, msg.message or '')
        if msg.percentage then
          text = ('%s (%d%%)'):format(text, msg.percentage)
        end
        vim.api.nvim_echo({ { text } }, msg.done == true, {})
      end
    end
  end,
})
