-- Indexing progress (0.10+): the latest message in the command line, the end in :messages.
vim.api.nvim_create_autocmd('LspProgress', {
  callback = function(ev)
    local client = vim.lsp.get_client_by_id(ev.data.client_id)
    local value = ev.data.params.value
    if not client or client.name ~= 'ragex' or type(value) ~= 'table' then
      return
    end
    local text = 'ragex: ' .. (value.message or value.title or '')
    if value.percentage then
      text = ('%s (%d%%)'):format(text, value.percentage)
    end
    vim.api.nvim_echo({ { text } }, value.kind == 'end', {})
  end,
})
