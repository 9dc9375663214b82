#!/usr/bin/env python3
"""Fills ui/translations/cloudcost_zh_CN.ts from the table below after `lupdate` (see
ui/translations/README.md). Strings not in the table stay unfinished and are listed on stderr."""
import sys
import xml.etree.ElementTree as ET

ZH = {
    'any': '不限',
    'all (e.g. aws, azure)': '全部（例如 aws, azure）',
    'all (e.g. us-east-1, eastus)': '全部（例如 us-east-1, eastus）',
    'regular expression, e.g. ^m5\\.': '正则表达式，例如 ^m5\\.',
    'all (e.g. linux, windows)': '全部（例如 linux, windows）',
    'any (e.g. linux, windows)': '不限（例如 linux, windows）',
    'all (e.g. aws, azure, gcp)': '全部（例如 aws, azure, gcp）',
    'x86_64': 'x86_64',
    'arm64': 'arm64',
    'shared': '共享',
    'dedicated': '专用实例',
    'host': '专用主机',
    'on demand': '按需',
    'reserved': '预留实例',
    'savings plan': '节省计划',
    'committed use': '承诺使用',
    'spot': '竞价（Spot）',
    '1 year': '1 年',
    '3 years': '3 年',
    'no upfront': '无预付',
    'partial upfront': '部分预付',
    'all upfront': '全部预付',
    'included': '已包含',
    'bring your own': '自带许可（BYOL）',
    ' vCPU': ' vCPU',
    ' GiB': ' GiB',
    ' GPU': ' GPU',
    'any (e.g. A100)': '不限（例如 A100）',
    ' per hour': ' 每小时',
    'Include Azure DevTest and low-priority prices': '包含 Azure 开发测试价和低优先级价格',
    'These are not general prices, so they are left out by default.':
        '这些不是通用价格，因此默认不显示。',
    'to': '至',
    '&Providers': '服务商(&P)',
    '&Regions': '区域(&R)',
    '&Instance type': '实例类型(&I)',
    'vCPU': 'vCPU',
    'Memory': '内存',
    'GPUs at least': 'GPU 至少',
    'GPU model': 'GPU 型号',
    'Architecture': '架构',
    '&OS': '操作系统(&O)',
    'Tenancy': '租用方式',
    'Purchase option': '购买方式',
    'Term': '期限',
    'Payment': '付款方式',
    'Licence': '许可',
    'Effective hourly at most': '有效小时价至多',
    'Columns…': '列…',
    'Columns': '列',
    'Select an offer to see its details and provenance.': '选择一个报价以查看其详情和来源。',
    '%Ln offer(s) shown': '显示 %Ln 个报价',
    ' (the first %1 in the current order; narrow the filters to see others)':
        '（按当前排序的前 %1 个；缩小筛选范围以查看其他报价）',
    ' · query %1 ms': ' · 查询 %1 毫秒',
    ' · 1 %1 = %2 %3 (%4)': ' · 1 %1 = %2 %3（%4）',
    'The filters could not be applied: %1': '无法应用筛选条件：%1',
    'unknown': '未知',
    'Instance type': '实例类型',
    'Provider / service': '服务商 / 服务',
    'Region': '区域',
    'vCPU / memory': 'vCPU / 内存',
    '%1 vCPU, %2 GiB': '%1 vCPU，%2 GiB',
    'GPU': 'GPU',
    '%1 × %2 (%3 GiB)': '%1 × %2（%3 GiB）',
    'OS / licence': '操作系统 / 许可',
    'Price as published': '公布价格',
    '%1 %2 per hour + %3 %2 upfront': '每小时 %1 %2 + 预付 %3 %2',
    'Effective hourly': '有效小时价',
    '%1 %2 (hourly + upfront spread over the term, 8760 h a year)':
        '%1 %2（小时价 + 预付款按期限分摊，每年 8760 小时）',
    'Effective date': '生效日期',
    'SKU': 'SKU',
    'Source sheet': '来源价格表',
    ' (built-in catalog)': '（内置目录）',
    'Sheet published': '价格表发布日期',
    'Effective price per hour of the cheapest matches (cheapest at the bottom)':
        '最便宜匹配项的每小时有效价格（最便宜的在底部）',
    'Price per vCPU-hour against price per GiB-hour': '每 vCPU 小时价格与每 GiB 小时价格',
    'per vCPU-hour': '每 vCPU 小时',
    'per GiB-hour': '每 GiB 小时',
    'vCPU at least': 'vCPU 至少',
    'Memory at least': '内存至少',
    'OS': '操作系统',
    'Providers': '服务商',
    'Regions': '区域',
    'Shows the cheapest matching offer of each provider and region, by effective price per hour '
    '(upfront payments spread over the term).':
        '按每小时有效价格（预付款按期限分摊）显示每个服务商和区域中最便宜的匹配报价。',
    '%n provider/region(s) with a matching offer · query %1 ms':
        '%n 个服务商/区域有匹配的报价 · 查询 %1 毫秒',
    'The requirement could not be applied: %1': '无法应用需求条件：%1',
    '&Catalog': '目录(&C)',
    'Co&mpare': '比较(&M)',
    '&Sources': '数据源(&S)',
    'Cancel import': '取消导入',
    'Cancelling…': '正在取消…',
    'Report currency': '报告货币',
    'Report currency: ': '报告货币：',
    'Prices are converted with the latest exchange rate of the workspace; the rate used is shown '
    'under the table.': '价格按工作区中最新的汇率换算；所用汇率显示在表格下方。',
    'Import price sheets': '导入价格表',
    'The catalog filters could not be applied.': '无法应用目录筛选条件。',
    '&File': '文件(&F)',
    '&New workspace…': '新建工作区(&N)…',
    'New workspace': '新建工作区',
    'cloudcost workspaces (*.db)': 'cloudcost 工作区 (*.db)',
    'Could not create the workspace.': '无法创建工作区。',
    '&Open workspace…': '打开工作区(&O)…',
    'Open workspace': '打开工作区',
    'Could not open the workspace.': '无法打开工作区。',
    'Save workspace &as…': '工作区另存为(&A)…',
    'Save workspace as': '工作区另存为',
    'Could not save the workspace.': '无法保存工作区。',
    'Open &recent': '最近打开(&R)',
    '&Import price sheet…': '导入价格表(&I)…',
    'Ctrl+I': 'Ctrl+I',
    '&Export table…': '导出表格(&E)…',
    'Ctrl+E': 'Ctrl+E',
    'Export the table as shown': '按显示内容导出表格',
    'CSV (*.csv);;JSON (*.json)': 'CSV (*.csv);;JSON (*.json)',
    'Could not export the table.': '无法导出表格。',
    'Exported the table to %1.': '已将表格导出到 %1。',
    '&Quit': '退出(&Q)',
    'Could not read the sources of the workspace.': '无法读取工作区的数据源。',
    '%1 – cloudcost': '%1 – cloudcost',
    'as published': '按公布货币',
    'Importing %1…': '正在导入 %1…',
    'Importing %1: %2…': '正在导入 %1：%2…',
    'building the offer indexes': '正在建立报价索引',
    'writing to disk': '正在写入磁盘',
    'The import of %1 was cancelled; the workspace is unchanged.': '已取消导入 %1；工作区未改变。',
    'Could not import %1; the workspace is unchanged.': '无法导入 %1；工作区未改变。',
    'Imported %1 (%2): %Ln offer(s)': '已导入 %1（%2）：%Ln 个报价',
    '; it replaces the earlier import of the same sheet': '；它替换了之前导入的同一价格表',
    'Skipped %1 row(s): %2 (first at %3)': '跳过 %1 行：%2（首次出现于 %3）',
    'Could not remove the source.': '无法删除数据源。',
    'Removed the source and everything imported from it.': '已删除该数据源及从中导入的全部内容。',
    'Details': '详情',
    'Close': '关闭',
    'Hourly price plus the upfront payment spread over the term (8760 hours a year)':
        '小时价加上按期限分摊的预付款（每年 8760 小时）',
    '%n month(s)': '%n 个月',
    'Provider': '服务商',
    'Memory (GiB)': '内存 (GiB)',
    'Hourly': '小时价',
    'Upfront': '预付',
    'Per vCPU-hour': '每 vCPU 小时',
    'Per GiB-hour': '每 GiB 小时',
    'Currency': '货币',
    'Source': '来源',
    'Built-in catalog': '内置目录',
    'SHA-256: %1': 'SHA-256：%1',
    'Skipped %1 × %2 (first at %3)': '跳过 %1 × %2（首次出现于 %3）',
    '%1 (built-in)': '%1（内置）',
    'Sheet': '价格表',
    'Format': '格式',
    'Published': '发布日期',
    'Offers': '报价',
    'Other rows': '其他行',
    'Skipped': '已跳过',
    'Imported (UTC)': '导入时间 (UTC)',
    '&Remove source': '删除数据源(&R)',
    'Drop price sheets on the window to import them. Hover a row for its file, SHA-256 and '
    'skipped rows.': '将价格表拖放到窗口即可导入。将鼠标悬停在某行上可查看其文件、SHA-256 和跳过的行。',
    'Workspace file.': '工作区文件。',
    '&Settings': '设置(&S)',
    '&Exchange rates…': '汇率(&E)…',
    'Could not read the exchange rates.': '无法读取汇率。',
    '1 %1 = %2 %3, as of %4 (%5)': '1 %1 = %2 %3，截至 %4（%5）',
    'The workspace has no exchange rates; prices stay in their own currency. Add rates with '
    '`cloudcost fx set` or `cloudcost fx import`.':
        '工作区中没有汇率；价格保持原币种。可用 `cloudcost fx set` 或 `cloudcost fx import` 添加汇率。',
    '%n exchange rate(s) in the workspace.': '工作区中有 %n 个汇率。',
    '&Language': '语言(&L)',
    'System language': '系统语言',
    'The language changes when cloudcost is started again.': '重新启动 cloudcost 后语言才会更改。',
    'Save a PNG of each view into dir, then quit.': '将每个视图保存为 PNG 到目录中，然后退出。',
    'Exchange rates': '汇率',
    '1 unit of': '1 单位',
    'base': '基准货币',
    'quote': '报价货币',
    'quote per 1 base': '每 1 单位基准货币的报价货币数',
    'as of': '日期',
    'source': '来源',
    'e.g. CNY': '例如 CNY',
    'e.g. USD': '例如 USD',
    'where the rate comes from, e.g. ECB reference rate': '汇率的来源，例如欧洲央行参考汇率',
    '&Set rate': '设置汇率(&S)',
    '&Import CSV…': '导入 CSV(&I)…',
    'A CSV with the header date,base,quote,rate[,source]; all rows or none':
        '表头为 date,base,quote,rate[,source] 的 CSV；要么全部导入，要么都不导入',
    'equals': '等于',
    'of currency': '货币',
    'Import exchange rates': '导入汇率',
    'CSV files (*.csv);;All files (*)': 'CSV 文件 (*.csv);;所有文件 (*)',
    'Could not read the exchange rates: %1': '无法读取汇率：%1',
    'No exchange rates yet: prices stay in their own currency until a rate is set or imported.':
        '尚无汇率：在设置或导入汇率之前，价格保持其原始货币。',
    'Say where the rate comes from (source): every conversion is shown with its rate, date and source.':
        '请注明汇率的来源：每次换算都会显示其汇率、日期和来源。',
    'The rate was not set: %1': '未设置汇率：%1',
    'Set 1 %1 = %2 %3 as of %4.': '已设置 1 %1 = %2 %3（日期 %4）。',
    'Nothing was imported: %1': '未导入任何内容：%1',
    'Imported %n rate(s).': '已导入 %n 个汇率。',
    'source %1': '来源 %1',
    'Remove %1 and the %Ln offer(s) imported from it? This cannot be undone; import the sheet again to get them back.':
        '删除 %1 及从中导入的 %Ln 个报价？此操作无法撤销；重新导入该价格表即可恢复。',
    'Remove source': '删除来源',
    'Report &currency': '报告货币(&C)',
}

def main(path):
    tree = ET.parse(path)
    missing = []
    for message in tree.getroot().iter('message'):
        source = message.find('source').text
        translation = message.find('translation')
        if source not in ZH:
            missing.append(source)
            continue
        text = ZH[source]
        translation.attrib.pop('type', None)
        for child in list(translation):
            translation.remove(child)
        if message.get('numerus') == 'yes':
            translation.text = None
            form = ET.SubElement(translation, 'numerusform')
            form.text = text
        else:
            translation.text = text
    tree.write(path, encoding='utf-8', xml_declaration=True)
    for m in missing:
        print('untranslated:', m, file=sys.stderr)
    return 1 if missing else 0

if __name__ == '__main__':
    sys.exit(main(sys.argv[1]))
