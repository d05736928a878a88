/**
 * Demo directory data (hospitals with departments, experts, family doctors, knowledge articles).
 * Names are of real public hospitals so the demo reads true; doctors and articles are invented.
 */
import type { DirectoryDoc } from '../store/collections';

const commonDepartments = [
  '心血管内科',
  '消化内科',
  '呼吸内科',
  '内分泌科',
  '神经内科',
  '骨科',
  '普外科',
  '泌尿外科',
  '眼科',
  '耳鼻喉科',
  '皮肤科',
  '肿瘤科',
];

const hospitals: [id: string, name: string, city: string, address: string][] = [
  ['h-rjyy', '上海交通大学医学院附属瑞金医院', '上海', '上海市黄浦区瑞金二路197号'],
  ['h-zsyy', '复旦大学附属中山医院', '上海', '上海市徐汇区枫林路180号'],
  ['h-hsyy', '复旦大学附属华山医院', '上海', '上海市静安区乌鲁木齐中路12号'],
  ['h-xhyy', '北京协和医院', '北京', '北京市东城区帅府园1号'],
  ['h-bdyy', '北京大学第一医院', '北京', '北京市西城区西什库大街8号'],
  ['h-zdyy', '浙江大学医学院附属第一医院', '杭州', '杭州市上城区庆春路79号'],
  ['h-zssy', '中山大学附属第一医院', '广州', '广州市越秀区中山二路58号'],
  ['h-hxyy', '四川大学华西医院', '成都', '成都市武侯区国学巷37号'],
];

const experts: [id: string, name: string, title: string, hospital: string, department: string, specialty: string][] = [
  ['e-001', '林正华', '主任医师', '复旦大学附属中山医院', '心血管内科', '冠心病、高血压、心力衰竭'],
  ['e-002', '沈雅琴', '主任医师', '上海交通大学医学院附属瑞金医院', '内分泌科', '糖尿病、甲状腺疾病'],
  ['e-003', '高立新', '主任医师', '北京协和医院', '消化内科', '胃肠疾病、消化道肿瘤早筛'],
  ['e-004', '许文博', '副主任医师', '四川大学华西医院', '骨科', '脊柱退变、关节疾病'],
  ['e-005', '韩静', '主任医师', '浙江大学医学院附属第一医院', '呼吸内科', '慢阻肺、肺结节'],
];

const familyDoctors: [id: string, name: string, title: string, hospital: string, specialty: string][] = [
  ['d-001', '陈医生', '主治医师', '复旦大学附属华山医院', '全科、慢病管理'],
  ['d-002', '杨医生', '副主任医师', '北京大学第一医院', '全科、老年病'],
  ['d-003', '孙医生', '主治医师', '中山大学附属第一医院', '全科、儿童常见病'],
];

const articles: [id: string, title: string, category: string, term: string, summary: string][] = [
  ['a-001', '小雪时节，温补有度', '饮食', '小雪', '天气转冷，宜温补而不过燥，多吃白萝卜、山药，少吃辛辣。'],
  ['a-002', '冬季晨练别太早', '运动', '大雪', '日出后再出门，先热身十分钟，心脑血管疾病患者更要注意保暖。'],
  ['a-003', '睡个好觉的五个习惯', '睡眠', '', '固定作息、睡前少看手机、卧室偏凉偏暗，午睡不超过半小时。'],
  ['a-004', '体检报告里的“箭头”怎么看', '体检', '', '偏高偏低不一定是病，结合年龄和复查结果，由医生综合判断。'],
  ['a-005', '血压计怎么选、怎么量', '慢病', '', '优先选上臂式电子血压计，安静休息五分钟后测量，每天固定时间。'],
];

/**
 * Article bodies and publication days (content.articles lists newest first). Everyday advice only,
 * no promise of any medical effect: the butler's tone, not a doctor's.
 */
const articleBodies: Record<string, { publishedAt: string; body: string }> = {
  'a-001': {
    publishedAt: '2026-11-22',
    body: '小雪过后，早晚温差变大，饭菜可以适当温热一些。白萝卜、山药、南瓜都是这个季节的家常食材，炖汤、清蒸都合适。火锅和烧烤偶尔吃吃无妨，辛辣油腻多了容易口干，记得多喝温水。每餐七八分饱，给肠胃留点余地。',
  },
  'a-002': {
    publishedAt: '2026-11-24',
    body: '大雪时节清晨气温最低，晨练不妨等太阳出来后再出门。出门前先在室内活动关节、热身十分钟，运动时穿能随时增减的衣服，出汗后及时擦干。有心脑血管疾病的朋友，运动强度以微微出汗、还能正常说话为宜，身体不适时请停下来休息，并及时咨询医生。',
  },
  'a-003': {
    publishedAt: '2026-10-15',
    body: '好睡眠从规律开始：每天尽量在相近的时间上床和起床，周末也别相差太多。睡前一小时放下手机，调暗灯光；卧室保持安静、偏凉、偏暗。午睡二三十分钟就够了。如果长期入睡困难或容易早醒，可以找健康管家聊一聊，帮您预约合适的医生。',
  },
  'a-004': {
    publishedAt: '2026-09-20',
    body: '体检报告上的向上或向下箭头，表示这一项超出了参考范围，但不一定代表生病：饮食、作息、采血时间都可能带来波动。建议把今年的报告和往年放在一起看变化趋势，有疑问时可以使用体检报告解读服务，由医生结合您的情况综合判断，请不要自行用药。',
  },
  'a-005': {
    publishedAt: '2026-08-30',
    body: '家用血压计优先选择经过认证的上臂式电子血压计。测量前安静休息五分钟，不抽烟、不喝咖啡；坐姿端正，袖带与心脏保持同一高度。每天固定时间测量，比如早晨起床后和晚上睡前，把结果记下来，复诊时带给医生参考。',
  },
};

export const DEMO_DIRECTORY: DirectoryDoc[] = [
  ...hospitals.map(([_id, name, city, address]) => ({
    _id,
    kind: 'hospital' as const,
    name,
    active: true,
    data: { city, address, level: '三级甲等', public: true, departments: commonDepartments },
  })),
  ...experts.map(([_id, name, title, hospital, department, specialty]) => ({
    _id,
    kind: 'expert' as const,
    name,
    active: true,
    data: { title, hospital, department, specialty },
  })),
  ...familyDoctors.map(([_id, name, title, hospital, specialty]) => ({
    _id,
    kind: 'familyDoctor' as const,
    name,
    active: true,
    data: { title, hospital, specialty },
  })),
  ...articles.map(([_id, name, category, term, summary]) => ({
    _id,
    kind: 'article' as const,
    name,
    active: true,
    data: { category, term, summary, ...articleBodies[_id] },
  })),
];
