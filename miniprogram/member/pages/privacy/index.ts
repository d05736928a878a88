/**
 * 隐私政策: what the app collects, why, who sees it, how it is kept, and how to ask for a copy or
 * an erasure. Plain words, true to what the functions do (docs/decisions.md): personal fields and
 * health records encrypted at rest, masked names in lists, an order seen by the person it serves
 * and whoever placed it, a health record by the person and the card's holder.
 */
import { elderBehavior } from '../../../behaviors/elder';

interface Section {
  title: string;
  paragraphs: string[];
}

const SECTIONS: Section[] = [
  {
    title: '我们收集哪些信息',
    paragraphs: [
      '激活蓝卡或加入家庭时：您的姓名、身份证号码、手机号码。这是实名服务所必需的，用于核实身份、确认一人只绑定一张有效蓝卡。',
      '您使用服务时：您填写的预约信息（医院、科室、日期、病情描述等）和上传的病历、体检报告，以及服务过程记录与您的评价。',
      '健康档案：身高、体重、过敏史、慢性病、长期用药和报告。只有在您单独同意《健康信息处理授权》后才会保存。',
      '微信为本小程序提供的用户标识，用于识别是您本人在使用。我们不获取您的微信好友、位置或相册中的其他内容。',
    ],
  },
  {
    title: '我们为什么使用这些信息',
    paragraphs: [
      '为您提供蓝卡中的健康服务：预约门诊与住院、安排陪诊、医生咨询、健康评估和报告解读。',
      '通过电话、短信和您订阅的微信消息，告诉您服务的进展，例如预约结果和就诊提醒。',
      '记录每一次权益的使用与退回，保证额度准确。我们不会把您的信息用于与服务无关的营销。',
    ],
  },
  {
    title: '谁能看到您的信息',
    paragraphs: [
      '您本人。',
      '订单：只有被服务的人和下单的人能看到。例如持卡人为孩子预约，持卡人和孩子都能看到这笔订单；其他家庭成员看不到。',
      '额度明细：同一张卡的家庭成员共享额度，明细中只显示打码后的姓名（如 张*三），不显示预约内容。',
      '健康档案：您本人，以及您所在蓝卡的持卡人（您在这张卡上期间）。',
      '服务人员：健康管家、健康管理师、医生、绿通专员和陪诊人员，只能看到他们负责的订单和完成服务所需的信息。',
      '合作医院和短信服务商：仅获得完成预约或发送通知所必需的信息。',
    ],
  },
  {
    title: '我们如何保护您的信息',
    paragraphs: [
      '姓名、身份证号码、手机号码和健康档案都加密保存，即使数据库被复制，也无法直接读出内容。',
      '列表和明细中的姓名打码显示，卡号只显示后四位；激活码不以明文保存。',
      '服务人员只能处理自己岗位负责的订单，订单的每一步都留有记录。',
    ],
  },
  {
    title: '保存多久',
    paragraphs: [
      '在您的蓝卡有效期内保存，以便持续为您服务。蓝卡到期或您申请删除后，我们会删除或匿名化处理您的个人信息，法律法规要求保存的除外。',
    ],
  },
  {
    title: '您的权利',
    paragraphs: [
      '查看和更正：您可以随时在“我的 → 健康档案”中查看和修改健康信息。',
      '复制和删除：如需获取您的信息副本，或删除您的信息，请联系健康管家，我们核实身份后在 15 个工作日内处理。',
      '撤回同意：您可以联系健康管家撤回《健康信息处理授权》，撤回后我们不再保存新的健康信息。',
      '消息提醒：您可以在“我的 → 订阅消息”或微信“设置 → 通知管理”中随时关闭。',
      '未满 14 周岁的家庭成员，由其监护人代为同意和行使上述权利。',
    ],
  },
  {
    title: '联系我们',
    paragraphs: ['对本政策或您的信息有任何疑问，请在“我的 → 联系健康管家”中联系我们，我们会尽快答复。'],
  },
];

Component({
  behaviors: [elderBehavior],

  data: {
    sections: SECTIONS,
  },
});
